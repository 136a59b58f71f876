package dev.sluice.cli;

import dev.sluice.ship.CommandLines;
import java.io.PrintWriter;

/**
 * Entry point of the {@code sluice} command. Returns the command's exit code to the shell: 0 on
 * success, 1 when the command failed at run time, 2 for wrong flags or configuration (one clear
 * line on stderr, no stack trace); see {@link CommandLines}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line with the given output streams and returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return CommandLines.execute(new SluiceCommand(), "sluice", out, err, args);
  }
}
