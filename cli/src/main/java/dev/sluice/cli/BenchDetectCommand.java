package dev.sluice.cli;

import dev.sluice.ingest.demo.DemoServices;
import dev.sluice.ingest.demo.Incident;
import dev.sluice.ingest.demo.IncidentKind;
import dev.sluice.ingest.demo.IncidentSchedule;
import dev.sluice.ingest.demo.ServiceProfile;
import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.WindowStats;
import dev.sluice.model.config.Durations;
import dev.sluice.processing.anomaly.AnomalyConfig;
import dev.sluice.processing.anomaly.AnomalyGraph;
import dev.sluice.processing.anomaly.DetectionScore;
import dev.sluice.processing.bench.detect.DemoSeconds;
import dev.sluice.processing.bench.detect.DetectReplay;
import dev.sluice.processing.bench.detect.Ladder;
import dev.sluice.processing.bench.detect.LadderRun;
import dev.sluice.processing.bench.detect.LadderScore;
import dev.sluice.processing.stats.WindowStatsGraph;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench detect}: scores the anomaly detectors, with {@link AnomalyConfig#defaults()},
 * on generated traffic they were not tuned on.
 *
 * <p>By default: three traffic profiles (high, medium and low volume with a strong daily cycle,
 * {@link DemoServices#benchProfiles()}), each with every magnitude of the {@link Ladder} of volume
 * spikes, drops, error-share rises, latency rises, new error messages made of the service's own
 * words and silences after a quiet day, each incident starting at a random second (not on a window
 * boundary), the simulation itself too ({@link LadderRun}); for two sets of generator seeds,
 * held-out and tuning, held-out printed first. The traffic is parsed and aggregated by the job's
 * own code and judged by the job's detectors ({@link DetectReplay}), without a cluster. Prints
 * recall, precision, F1 and median delay per profile, kind and magnitude, and false alarms per
 * service-day.
 *
 * <p>With {@code --job}: the older end-to-end run — the demo services with incidents of all six
 * kinds through the job's real operators on a Flink MiniCluster (template mining, window stats,
 * silence included), one seed. Prints measured figures; asserts nothing.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description =
        "Score the anomaly detectors (default settings) on generated traffic: three volume"
            + " profiles, incidents on a ladder of magnitudes, held-out and tuning seeds;"
            + " recall, precision, F1 and delay per kind and magnitude, false alarms per"
            + " service-day. --job: all six kinds through the real job on a MiniCluster.")
public final class BenchDetectCommand implements Callable<Integer> {
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  @Spec CommandSpec spec;

  @Option(
      names = "--held-out-seeds",
      defaultValue = "101,102,103",
      split = ",",
      description =
          "Generator seeds never used for tuning, reported first (default: ${DEFAULT-VALUE}).")
  List<Long> heldOutSeeds;

  @Option(
      names = "--tuning-seeds",
      defaultValue = "1,2,3",
      split = ",",
      description = "Generator seeds the defaults were tuned on (default: ${DEFAULT-VALUE}).")
  List<Long> tuningSeeds;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Seeds replayed at once (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--job",
      description =
          "Run the demo services with all six kinds through the job on a MiniCluster instead"
              + " (uses --days, --seed, --incidents, --incident-length, --rate-scale).")
  boolean job;

  @Option(
      names = "--days",
      description = "Simulated days; the first is quiet warm-up (default: 2, with --job 3).")
  Double days;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "With --job: seed of the traffic and the schedule (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--incidents",
      defaultValue = "3",
      description = "With --job: incidents of each kind per service (default: ${DEFAULT-VALUE}).")
  int perKind;

  @Option(
      names = "--incident-length",
      defaultValue = "10m",
      description = "Length of each incident (default: ${DEFAULT-VALUE}).")
  String incidentLength;

  @Option(
      names = "--rate-scale",
      defaultValue = "1",
      description = "Multiplies every request rate (default: ${DEFAULT-VALUE}).")
  double rateScale;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Parallelism of the detectors (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--show-false-alarms",
      defaultValue = "10",
      description = "How many false alarms to list (default: ${DEFAULT-VALUE}).")
  int showFalseAlarms;

  @Override
  public Integer call() throws Exception {
    return job ? runJob(days == null ? 3 : days) : runLadder(days == null ? 2 : days);
  }

  private Integer runLadder(double simulatedDays) throws Exception {
    if (!(simulatedDays >= 1.5) || threads < 1 || heldOutSeeds.isEmpty()) {
      throw new UserException(
          "--days must be at least 1.5 (a quiet day, then the incidents), --threads positive,"
              + " and at least one held-out seed");
    }
    Duration length;
    try {
      length = Durations.parse(incidentLength, "--incident-length");
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    AnomalyConfig config = AnomalyConfig.defaults();
    List<ServiceProfile> profiles = DemoServices.benchProfiles();
    List<String> names = profiles.stream().map(ServiceProfile::name).toList();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "Profiles %s over %s simulated days (the first quiet), %d incidents of %s on each (%s),"
            + " starts at random seconds; detectors: AnomalyConfig.defaults()%n",
        names,
        simulatedDays,
        Ladder.KINDS.size() * Ladder.RUNGS,
        length,
        ladderText());
    out.flush();
    long wallStart = System.nanoTime();
    for (boolean heldOut : new boolean[] {true, false}) {
      List<Long> seeds = heldOut ? heldOutSeeds : tuningSeeds;
      if (seeds.isEmpty()) {
        continue;
      }
      LadderScore score = new LadderScore(config.window().toMillis());
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(Math.min(threads, seeds.size()));
      try {
        List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
        for (long s : seeds) {
          runs.add(
              pool.submit(
                  () -> {
                    LadderRun.replay(s, simulatedDays, length, profiles, config, score);
                    return null;
                  }));
        }
        for (var f : runs) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      out.printf(Locale.ROOT, "%n%s seeds %s:%n", heldOut ? "HELD-OUT" : "TUNING", seeds);
      out.print(score.table(names));
      out.print(score.goals(names));
      List<DetectReplay.Detection> fa = score.falseAlarms();
      for (int i = 0; i < Math.min(showFalseAlarms, fa.size()); i++) {
        DetectReplay.Detection d = fa.get(i);
        out.printf(
            Locale.ROOT,
            "  false alarm %s on %s%s, first window %s, decided %s%n",
            d.kind(),
            d.service(),
            d.where().isEmpty() ? "" : " " + d.where(),
            Instant.ofEpochMilli(d.windowStart()),
            Instant.ofEpochMilli(d.detectedAt()));
      }
      out.flush();
    }
    out.printf(Locale.ROOT, "%nRan in %.0f s wall clock.%n", (System.nanoTime() - wallStart) / 1e9);
    out.flush();
    return 0;
  }

  private static String ladderText() {
    StringBuilder s = new StringBuilder();
    for (IncidentKind k : Ladder.KINDS) {
      s.append(s.length() == 0 ? "" : "; ").append(k.slug()).append(' ');
      for (int r = 1; r <= Ladder.RUNGS; r++) {
        s.append(r == 1 ? "" : ", ").append(Ladder.label(k, r));
      }
    }
    return s.toString();
  }

  private Integer runJob(double days) throws Exception {
    if (!(days > 0) || perKind < 1 || !(rateScale > 0) || parallelism < 1) {
      throw new UserException(
          "--days, --incidents, --rate-scale and --parallelism must be positive");
    }
    Duration length;
    Duration span = Duration.ofMillis(Math.round(days * 86_400_000L));
    List<String> services = DemoServices.names();
    IncidentSchedule schedule;
    try {
      length = Durations.parse(incidentLength, "--incident-length");
      schedule = IncidentSchedule.spread(seed, span, services, perKind, length);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    AnomalyConfig config = AnomalyConfig.defaults();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "Demo traffic: seed %d, %s simulated from %s, %d services, rate scale %s; %d incidents of"
            + " each of %d kinds per service, %s each; detectors: %s%n",
        seed,
        span,
        START,
        services.size(),
        rateScale,
        perKind,
        IncidentKind.values().length,
        length,
        config);
    out.flush();

    Configuration flink = new Configuration();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
    long seconds = span.toSeconds();
    DataStream<LogEvent> events =
        env.fromSequence(0, seconds - 1)
            .setParallelism(1)
            .name("simulated seconds")
            .flatMap(
                new DemoSeconds(seed, START.toEpochMilli(), span, perKind, length, rateScale),
                new AvroTypeInfo<>(LogEvent.class))
            .setParallelism(1)
            .name("demo traffic, parsed")
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<LogEvent>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                    .withTimestampAssigner((e, ts) -> e.getEventTime().toEpochMilli()))
            .setParallelism(1)
            .name("event time");
    // the job's shape (SluiceJob): stats and samples from the events, silences from the miner's
    SingleOutputStreamOperator<LogEvent> templated = AnomalyGraph.mineTemplates(events, config);
    DataStream<WindowStats> stats =
        WindowStatsGraph.apply(
            events, config.window(), Duration.ofSeconds(30), Duration.ofMinutes(10), 5);
    DataStream<Anomaly> anomalies = AnomalyGraph.detect(events, templated, stats, config);

    long wallStart = System.nanoTime();
    List<Anomaly> records = new ArrayList<>();
    try (var it = anomalies.executeAndCollect("sluice-bench-detect")) {
      it.forEachRemaining(records::add);
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;

    List<DetectionScore.Truth> truth = new ArrayList<>();
    for (Incident i : schedule.at(START)) {
      truth.add(
          new DetectionScore.Truth(
              i.kind().anomalyKind(),
              i.service(),
              i.start().toEpochMilli(),
              i.end().toEpochMilli()));
    }
    DetectionScore score = DetectionScore.of(truth, records, config.window().toMillis());
    out.printf(
        Locale.ROOT, "%nRan in %.0f s wall clock (%d anomaly records).%n%n", wall, records.size());
    out.print(score.table(services.size(), days));
    List<Anomaly> fa = score.falseAlarms();
    for (int i = 0; i < Math.min(showFalseAlarms, fa.size()); i++) {
      Anomaly a = fa.get(i);
      out.printf(
          Locale.ROOT,
          "  false alarm %s %s at %s: %s%n",
          a.getKind(),
          a.getService(),
          a.getWindowStart(),
          a.getDescription());
    }
    out.flush();
    return 0;
  }
}
