package dev.sluice.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the {@code sluice} command. Returns the command's exit code to the shell: 0 on
 * success, 1 when the command failed at run time, 2 for wrong flags or configuration (one clear
 * line on stderr, no stack trace).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line with the given output streams and returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new SluiceCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(Main::onWrongUsage);
    commandLine.setExecutionExceptionHandler(Main::onFailure);
    return commandLine.execute(args);
  }

  private static int onWrongUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("sluice: " + e.getMessage());
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      err.println("Did you mean: " + String.join(" or ", unmatched.getSuggestions()) + "?");
    }
    err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
    return CommandLine.ExitCode.USAGE;
  }

  private static int onFailure(
      Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (e instanceof UserException) {
      // A mistake the user can fix: one line that says what to do.
      err.println("sluice: " + e.getMessage());
      return ((UserException) e).exitCode();
    }
    // A bug or an unexpected failure: the whole story.
    err.println("sluice: " + e);
    e.printStackTrace(err);
    return CommandLine.ExitCode.SOFTWARE;
  }
}
