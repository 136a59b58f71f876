package dev.sluice.cli;

import dev.sluice.cli.demo.DemoPlan;
import dev.sluice.cli.demo.DemoRun;
import dev.sluice.ingest.ship.StopOnShutdown;
import dev.sluice.model.config.Durations;
import dev.sluice.ship.UserException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice demo}: the whole pipeline on this machine with demo traffic — embedded Kafka, S3
 * server and Flink MiniCluster, five services with one incident of every kind, the Sluice job with
 * archive, stats and anomalies, a live status, then the incidents beside the anomalies found and
 * example queries. The work is {@link DemoRun}'s; this class parses the flags and turns Ctrl-C into
 * a clean stop.
 *
 * <p>Guarantees: exit code 0 after a complete run; Ctrl-C (or SIGTERM) at any time stops everything
 * and deletes the temporary data before the JVM exits.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on this machine with demo traffic: embedded Kafka, S3 and Flink,"
          + " five services with one incident of every kind, a live status, then the incidents"
          + " beside the anomalies found and example queries. About three minutes.",
      "Ctrl-C stops it cleanly at any time."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--duration",
      defaultValue = "7m",
      description =
          "Simulated length of the demo after the warm-up; its incidents run from 2m to 6m"
              + " (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--warm-up",
      defaultValue = "10m",
      description =
          "Simulated normal traffic before it, fast-forwarded, for the detectors' baselines"
              + " (default: ${DEFAULT-VALUE}).")
  String warmUp;

  @Option(
      names = "--speed",
      defaultValue = "3",
      description = "Times real time the demo part runs at (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the traffic (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--rate-scale",
      defaultValue = "2",
      description =
          "Multiplies the services' request rates; 1 is about 45 events/s (default:"
              + " ${DEFAULT-VALUE}).")
  double rateScale;

  @Option(
      names = "--keep",
      description =
          "After the summary keep Kafka, S3 and Flink up, and print their endpoints and"
              + " ready-to-paste queries, until Ctrl-C.")
  boolean keep;

  @Option(
      names = "--plain",
      description =
          "Plain status lines every 5 s instead of a status redrawn in place (the default when"
              + " stdout is not a terminal).")
  boolean plain;

  @Option(names = "--no-color", description = "No colours (also when NO_COLOR is set).")
  boolean noColor;

  @Override
  public Integer call() throws Exception {
    DemoPlan plan;
    try {
      plan =
          new DemoPlan(
              seed,
              Durations.parse(warmUp, "--warm-up"),
              Durations.parse(duration, "--duration"),
              speed,
              rateScale);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    quietLibraries();
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    boolean live = terminal && !plain;
    boolean color = live && !noColor && System.getenv("NO_COLOR") == null;
    DemoRun run =
        new DemoRun(
            new DemoRun.Settings(plan, keep, live, color, columns()), spec.commandLine().getOut());
    AtomicReference<DemoRun.Result> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    StopOnShutdown.run(
        "sluice-demo-shutdown",
        () -> {
          try {
            result.set(run.run());
          } catch (InterruptedException e) {
            throw e;
          } catch (Exception e) {
            failure.set(e);
          }
        },
        run::cancel);
    if (failure.get() != null) {
      throw new UserException("the demo failed: " + rootMessage(failure.get()), 1, failure.get());
    }
    return result.get() != null && result.get().cancelled() ? 130 : 0;
  }

  /**
   * Flink and the embedded broker warn about things a demo cannot act on (metric name collisions, a
   * declined checkpoint while draining, a busy controller on a loaded machine); their lines would
   * tear the live status. Unless SLUICE_LIB_LOG_LEVEL asks otherwise, only Flink's errors show.
   */
  /** The terminal's width from COLUMNS (the launcher exports it), else 80. */
  private static int columns() {
    try {
      int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
      return columns >= 20 ? columns : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  private static void quietLibraries() {
    if (System.getenv("SLUICE_LIB_LOG_LEVEL") == null) {
      Configurator.setLevel("org.apache.flink", Level.ERROR);
      Configurator.setLevel("org.apache.kafka", Level.OFF);
      Configurator.setLevel("kafka", Level.OFF);
      Configurator.setLevel("LogFutureTimestampLogger", Level.OFF);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
