package dev.sluice.ship;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.IncidentSchedule;
import dev.sluice.ingest.ship.DemoShipper;
import dev.sluice.ingest.ship.ShipSettings;
import dev.sluice.ingest.ship.Shipper;
import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.ingest.ship.ShipperConfigYaml;
import dev.sluice.ingest.ship.StopOnShutdown;
import dev.sluice.ingest.stdin.StdinShipper;
import dev.sluice.ingest.syslog.SyslogShipper;
import dev.sluice.model.config.Durations;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice ship}: follows log files and ships them to Kafka (at-least-once, nothing lost,
 * positions saved only after Kafka acknowledged). Configured by flags, a YAML file ({@code
 * --config}), or both (flags win). Stops cleanly on Ctrl-C / SIGTERM.
 */
@Command(
    name = "ship",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    modelTransformer = ShipSettingFlags.class,
    description =
        "Follow log files and ship them to Kafka as LogEvents: parse, enrich, deliver"
            + " at-least-once; read positions are saved only after Kafka acknowledged.")
public final class ShipCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "YAML configuration file (see ingest/README.md); flags override it.")
  Path configFile;

  @Option(
      names = "--source",
      paramLabel = "KIND",
      defaultValue = "file",
      description =
          "What to ship: file (default) or demo (generated traffic of several services with"
              + " scheduled incidents).")
  String source;

  @Option(
      names = "--demo-duration",
      paramLabel = "DURATION",
      description = "With --source demo: simulated time to generate, e.g. 10m (default: endless).")
  String demoDuration;

  @Option(
      names = "--demo-incidents",
      paramLabel = "SPEC",
      description =
          "With --source demo: incidents, e.g. 'error-burst:payments:2m:90s, silence:auth:5m:1m'"
              + " ('none' for none; default: the built-in six-minute demo schedule).")
  String demoIncidents;

  @Option(
      names = "--demo-ground-truth",
      paramLabel = "FILE",
      description = "With --source demo: write what was injected, and when, to this file.")
  Path demoGroundTruth;

  @Option(names = "--demo-seed", description = "With --source demo: random seed (default: 42).")
  Long demoSeed;

  @Option(
      names = "--demo-rate-scale",
      description = "With --source demo: multiply every request rate (default: 1, ~45 events/s).")
  Double demoRateScale;

  @Option(
      names = "--demo-fast",
      description = "With --source demo: generate as fast as Kafka takes it, not in real time.")
  boolean demoFast;

  @Option(
      names = {"-p", "--path"},
      paramLabel = "GLOB",
      description = "Files to follow (repeatable), e.g. '/var/log/nginx/access.log*'.")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--parser",
      description =
          "auto (default), json, logfmt, combined, common, syslog, syslog5424, syslog3164, java,"
              + " regex, none.")
  String parser;

  @Option(names = "--regex", description = "Pattern with named groups for --parser regex.")
  String regex;

  @Option(
      names = "--must-parse",
      description = "Send records the parser does not understand to the rejects topic.")
  boolean mustParse;

  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description = "Static label added to every event (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--stdin",
      description =
          "Ship standard input (needs --service); exits 0 once it ended and Kafka acknowledged"
              + " everything.")
  boolean stdin;

  @Override
  public Integer call() throws InterruptedException {
    if (source.equals("demo")) {
      return shipDemo();
    }
    ShipperConfig config = config();
    if (config.stdin() != null || config.syslog() != null) {
      return shipStream(config);
    }
    if (config.http() != null) {
      return HttpShipping.ship(config, spec.commandLine().getErr());
    }
    Shipper shipper;
    try {
      shipper = new Shipper(config, new PrintStream(System.err, true));
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    return ship(shipper, spec.commandLine().getErr());
  }

  /**
   * Runs {@code task} until it ends, or until the JVM is asked to stop (then {@code stop} is called
   * and the task finishes); a failure at run time is exit code 1 with its message. Every way of
   * shipping ends through here.
   */
  static int runUntilStopped(
      String hookName, StopOnShutdown.Task task, Runnable stop, PrintWriter err)
      throws InterruptedException {
    try {
      StopOnShutdown.run(hookName, task, stop);
      return 0;
    } catch (IllegalStateException e) {
      throw new UserException(e.getMessage(), 1, e);
    } finally {
      err.flush();
    }
  }

  /** Runs a shipper until it stops or the JVM is asked to stop; returns the exit code. */
  static int ship(Shipper shipper, PrintWriter err) throws InterruptedException {
    return runUntilStopped(
        "sluice-ship-shutdown",
        () -> {
          try {
            shipper.run();
          } finally {
            shipper.close();
          }
        },
        shipper::stop,
        err);
  }

  /** Ships stdin to its end, or syslog until stopped; returns the exit code. */
  private int shipStream(ShipperConfig config) throws InterruptedException {
    PrintStream status = new PrintStream(System.err, true);
    PrintWriter err = spec.commandLine().getErr();
    if (config.stdin() != null) {
      StdinShipper stdin;
      try {
        stdin = new StdinShipper(config, System.in, status);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      return runUntilStopped("sluice-ship-stdin-shutdown", stdin::run, stdin::stop, err);
    }
    SyslogShipper syslog;
    try {
      syslog = new SyslogShipper(config, status);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    return runUntilStopped("sluice-ship-syslog-shutdown", syslog::run, syslog::stop, err);
  }

  private int shipDemo() throws InterruptedException {
    if (!paths.isEmpty()) {
      throw new UserException("--source demo generates its own traffic: drop --path");
    }
    DemoShipper demo;
    Long queueMaxBytes = (Long) ShipSettingFlags.value(spec, "queue.max-bytes");
    try {
      DemoConfig.Builder d = DemoConfig.builder();
      if (demoSeed != null) d.seed(demoSeed);
      if (demoDuration != null) d.duration(Durations.parse(demoDuration, "--demo-duration"));
      if (demoIncidents != null) {
        d.schedule(
            demoIncidents.equals("none")
                ? IncidentSchedule.none()
                : IncidentSchedule.parse(demoIncidents));
      }
      if (demoRateScale != null) d.rateScale(demoRateScale);
      if (demoGroundTruth != null) d.groundTruth(demoGroundTruth);
      demo =
          new DemoShipper(
              d.build(),
              !demoFast,
              kafkaBuilder().kafkaSettings(),
              (String) ShipSettingFlags.value(spec, "environment"),
              labels,
              queueMaxBytes != null ? queueMaxBytes : 16L * 1024 * 1024);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    int code =
        runUntilStopped(
            "sluice-ship-demo-shutdown", demo::run, demo::stop, spec.commandLine().getErr());
    spec.commandLine().getOut().printf("demo: %d events sent%n", demo.metrics().eventsSent.sum());
    return code;
  }

  private ShipperConfig.Builder kafkaBuilder() {
    ShipperConfig.Builder b =
        configFile != null ? ShipperConfigYaml.load(configFile) : ShipperConfig.builder();
    ShipSettingFlags.overlay(spec, b, "kafka.");
    return b;
  }

  /** The typed options from the file and the flags. */
  public ShipperConfig config() {
    if (!source.equals("file")) {
      throw new UserException("--source " + source + " is not known: use file or demo");
    }
    try {
      ShipperConfig.Builder b =
          configFile != null ? ShipperConfigYaml.load(configFile) : ShipperConfig.builder();
      if (!paths.isEmpty()) {
        b.source(paths, null, parser, regex, mustParse, labels);
      } else {
        labels.forEach(b::label);
      }
      if (stdin) {
        b.stdin(parser, regex, mustParse, null);
      }
      ShipSettingFlags.overlay(spec, b, "");
      if (mustParse && ShipSettingFlags.anyGiven(spec, "syslog.")) {
        b.syslog().mustParse(true); // --must-parse is shared by files, stdin and syslog
      }
      b.stateDirIfUnset(ShipSettings.defaultValue("state-dir"));
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }
}
