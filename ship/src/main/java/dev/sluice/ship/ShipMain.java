package dev.sluice.ship;

import java.io.PrintWriter;

/**
 * Entry point of {@code sluice-ship.jar}, the shipper on its own for hosts and containers: the same
 * {@code sluice ship} command (files, syslog, HTTP/OTLP, stdin, demo traffic) without the embedded
 * stack, the Flink job or the query engine. {@code java -jar sluice-ship.jar --path app.log
 * --service app -b kafka:9092} runs exactly what {@code sluice ship --path app.log …} runs. Exit
 * codes follow {@link CommandLines}.
 */
public final class ShipMain {
  /** The name errors are prefixed with. */
  public static final String PROGRAM = "sluice-ship";

  private ShipMain() {}

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the shipper's command line with the given output streams and returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return CommandLines.execute(new ShipCommand(), PROGRAM, out, err, args);
  }
}
