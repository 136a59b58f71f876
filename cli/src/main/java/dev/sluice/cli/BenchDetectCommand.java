package dev.sluice.cli;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.DemoEvent;
import dev.sluice.ingest.demo.DemoServices;
import dev.sluice.ingest.demo.DemoTrafficGenerator;
import dev.sluice.ingest.demo.Incident;
import dev.sluice.ingest.demo.IncidentSchedule;
import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.ingest.ship.Enricher;
import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.WindowStats;
import dev.sluice.model.config.Durations;
import dev.sluice.processing.anomaly.AnomalyConfig;
import dev.sluice.processing.anomaly.AnomalyGraph;
import dev.sluice.processing.anomaly.DetectionScore;
import dev.sluice.processing.stats.WindowStatsGraph;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench detect}: runs the demo traffic generator (fixed seed) over several simulated
 * days with incidents of every kind on every service, parses it as the shipper would, and pushes it
 * through the job's real template-mining, window-stats and detector operators on a Flink
 * MiniCluster (a bounded job, as fast as it goes); then scores the anomalies against the injected
 * incidents and prints, per kind, precision, recall, F1 and the median and worst detection delay,
 * and the false alarms per service per simulated day. Prints measured figures; asserts nothing.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description =
        "Score the anomaly detectors on simulated days of demo traffic with injected incidents:"
            + " precision, recall, F1 and delay per kind, false alarms per service per day.")
public final class BenchDetectCommand implements Callable<Integer> {
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  @Spec CommandSpec spec;

  @Option(
      names = "--days",
      defaultValue = "3",
      description =
          "Simulated days; the first is quiet warm-up when there are at least two (default: ${DEFAULT-VALUE}).")
  double days;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the traffic and the schedule (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--incidents",
      defaultValue = "3",
      description = "Incidents of each kind per service (default: ${DEFAULT-VALUE}).")
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
        dev.sluice.ingest.demo.IncidentKind.values().length,
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
    SingleOutputStreamOperator<LogEvent> templated = AnomalyGraph.mineTemplates(events, config);
    DataStream<WindowStats> stats =
        WindowStatsGraph.apply(
            templated, config.window, Duration.ofSeconds(30), Duration.ofMinutes(10), 5);
    DataStream<Anomaly> anomalies = AnomalyGraph.detect(templated, stats, config);

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
    DetectionScore score = DetectionScore.of(truth, records, config.window.toMillis());
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

  /**
   * The demo traffic of simulated second {@code n}, parsed into events with the parser each record
   * names and enriched as the shipper would. Runs at parallelism 1: the generator is sequential.
   */
  static final class DemoSeconds extends RichFlatMapFunction<Long, LogEvent> {
    private static final long serialVersionUID = 1L;
    private final long seed;
    private final long start;
    private final Duration span;
    private final int perKind;
    private final Duration length;
    private final double rateScale;
    private transient DemoTrafficGenerator generator;
    private transient DemoEvent peeked;
    private transient Map<String, LogParser> parsers;
    private transient Map<String, Enricher> enrichers;
    private transient long seq;

    DemoSeconds(
        long seed, long start, Duration span, int perKind, Duration length, double rateScale) {
      this.seed = seed;
      this.start = start;
      this.span = span;
      this.perKind = perKind;
      this.length = length;
      this.rateScale = rateScale;
    }

    @Override
    public void open(OpenContext context) {
      DemoConfig config =
          DemoConfig.builder()
              .seed(seed)
              .start(Instant.ofEpochMilli(start))
              .duration(span)
              .schedule(IncidentSchedule.spread(seed, span, DemoServices.names(), perKind, length))
              .rateScale(rateScale)
              .build();
      generator = new DemoTrafficGenerator(config);
      parsers = new HashMap<>();
      enrichers = new HashMap<>();
    }

    @Override
    public void flatMap(Long second, Collector<LogEvent> out) {
      long limit = start + (second + 1) * 1000;
      while (peeked != null || generator.hasNext()) {
        DemoEvent e = peeked != null ? peeked : generator.next();
        peeked = null;
        if (e.timeMillis() >= limit) {
          peeked = e;
          return;
        }
        ParseResult r = parsers.computeIfAbsent(e.format(), Parsers::byName).parse(e.line());
        if (r instanceof ParseResult.Parsed parsed) {
          Enricher enricher =
              enrichers.computeIfAbsent(
                  e.service() + "/" + e.host(),
                  k -> new Enricher(e.service(), e.host(), "bench", Map.of()));
          out.collect(
              enricher.event(
                  parsed.fields(), e.line(), "bench:" + seq++, "demo", e.eventTime(), false));
        }
      }
    }

    @Override
    public void close() {
      if (generator != null) {
        generator.close();
      }
    }
  }
}
