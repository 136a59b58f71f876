package dev.sluice.ship;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The exit-code contract shared by every Sluice entry point ({@code sluice} and {@code
 * sluice-ship}): 0 on success, 1 when the command failed at run time, 2 for wrong flags or
 * configuration. A user's mistake prints one line that says what to fix, prefixed with the program
 * name; a bug prints its stack trace.
 */
public final class CommandLines {
  private CommandLines() {}

  /**
   * Runs {@code command} with the given arguments and output streams under the contract above.
   *
   * @param program the name errors are prefixed with, e.g. {@code sluice}
   */
  public static int execute(
      Object command, String program, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setCommandName(program);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler((e, ignored) -> onWrongUsage(program, e));
    commandLine.setExecutionExceptionHandler((e, cmd, result) -> onFailure(program, e, cmd));
    return commandLine.execute(args);
  }

  private static int onWrongUsage(String program, CommandLine.ParameterException e) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(program + ": " + e.getMessage());
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      err.println("Did you mean: " + String.join(" or ", unmatched.getSuggestions()) + "?");
    }
    err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for usage.");
    return CommandLine.ExitCode.USAGE;
  }

  private static int onFailure(String program, Exception e, CommandLine command) {
    PrintWriter err = command.getErr();
    if (e instanceof UserException userError) {
      // A mistake the user can fix: one line that says what to do.
      err.println(program + ": " + e.getMessage());
      return userError.exitCode();
    }
    // A bug or an unexpected failure: the whole story.
    err.println(program + ": " + e);
    e.printStackTrace(err);
    return CommandLine.ExitCode.SOFTWARE;
  }
}
