package dev.sluice.cli;

import dev.sluice.cli.ui.UiServer;
import dev.sluice.ingest.ship.StopOnShutdown;
import dev.sluice.query.QueryEngine;
import dev.sluice.query.QueryException;
import dev.sluice.query.shortcut.Since;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice ui}: a web page over the stored tables, served by this process's query engine
 * ({@link UiServer}) until Ctrl-C: per-service timelines with the anomalies on them, the incidents
 * with their explanation, and the raw log lines behind each.
 */
@Command(
    name = "ui",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a web page over the stored tables: per-service timelines of events, error share and"
          + " p95 latency (stats) with the anomalies drawn on them, the incidents with their"
          + " explanation, and a click through to the exemplar events and raw log lines (logs)."
    })
public final class UiCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin S3ConnectionOptions connection;

  @Option(
      names = "--port",
      defaultValue = "7070",
      description = "Port to serve on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for all).")
  String bind;

  @Option(
      names = "--max-range",
      defaultValue = "7d",
      description =
          "Longest time range one page may scan; a longer one is refused with a message (default:"
              + " ${DEFAULT-VALUE}).")
  String maxRange;

  @Override
  public Integer call() throws InterruptedException {
    Duration max;
    try {
      max = Since.parse(maxRange);
    } catch (IllegalArgumentException e) {
      throw new UserException("--max-range " + e.getMessage());
    }
    if (port < 0 || port > 65535) {
      throw new UserException("--port " + port + " is not a port: 0 to 65535");
    }
    PrintWriter out = spec.commandLine().getOut();
    QueryEngine engine;
    try {
      engine = QueryEngine.connect(connection.toConfig(System.getenv()));
    } catch (QueryException e) {
      throw QueryRunner.userError(e);
    }
    try (engine;
        UiServer ui = start(engine, max)) {
      out.println(
          "Sluice UI at "
              + ui.url()
              + " (reading "
              + engine.config().endpoint()
              + ", bucket "
              + engine.config().bucket()
              + "); Ctrl-C stops it");
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      StopOnShutdown.run("sluice-ui-shutdown", stopped::await, stopped::countDown);
    }
    return 0;
  }

  private UiServer start(QueryEngine engine, Duration max) {
    try {
      return UiServer.start(engine, new InetSocketAddress(bind, port), max, Clock.systemUTC());
    } catch (UncheckedIOException e) {
      throw new UserException(e.getMessage() + ": check --bind and --port", 1, e);
    }
  }
}
