package dev.sluice.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.ingest.parse.ParserOptions;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrafficGeneratorTest {
  private static final Instant START = Instant.parse("2024-01-15T09:00:00Z");
  // A default zone far from UTC: the demo's timestamps must not depend on it.
  private static final ParserOptions OPTIONS =
      ParserOptions.builder().defaultZone(ZoneId.of("Asia/Kolkata")).build();

  /** Seven simulated minutes of the default demo: every incident kind, then quiet. */
  private static List<DemoEvent> demo;

  @BeforeAll
  static void runTheDefaultDemo() {
    demo = generate(DemoConfig.builder().start(START).duration(Duration.ofMinutes(7)).build());
  }

  private static List<DemoEvent> generate(DemoConfig config) {
    List<DemoEvent> events = new ArrayList<>();
    try (DemoTrafficGenerator generator = new DemoTrafficGenerator(config)) {
      generator.forEachRemaining(events::add);
    }
    return events;
  }

  @Test
  void isDeterministicForASeed() {
    DemoConfig.Builder config = DemoConfig.builder().start(START).duration(Duration.ofSeconds(30));
    List<DemoEvent> first = generate(config.seed(7).build());
    List<DemoEvent> again = generate(config.seed(7).build());
    List<DemoEvent> other = generate(config.seed(8).build());
    assertThat(first).isNotEmpty().isEqualTo(again).isNotEqualTo(other);
  }

  @Test
  void simulatesAServiceAloneExactlyAsInTheFullRun() {
    List<DemoEvent> alone =
        generate(
            DemoConfig.builder()
                .start(START)
                .duration(Duration.ofMinutes(7))
                .only(List.of("payments"))
                .build());
    assertThat(alone)
        .isNotEmpty()
        .isEqualTo(demo.stream().filter(e -> e.service().equals("payments")).toList());
  }

  @Test
  void countsTheEventsItReturned() {
    try (DemoTrafficGenerator generator =
        new DemoTrafficGenerator(
            DemoConfig.builder().start(START).duration(Duration.ofSeconds(5)).build())) {
      assertThat(generator.returned()).isZero();
      generator.next();
      generator.next();
      assertThat(generator.returned()).isEqualTo(2);
      assertThat(generator.simulatedTime()).isAfter(START);
    }
  }

  @Test
  void comesInEventTimeOrderWithinTheConfiguredSpan() {
    long previous = Long.MIN_VALUE;
    for (DemoEvent e : demo) {
      assertThat(e.timeMillis()).isGreaterThanOrEqualTo(previous);
      previous = e.timeMillis();
    }
    assertThat(demo.get(0).timeMillis()).isGreaterThanOrEqualTo(START.toEpochMilli());
    assertThat(previous).isLessThan(START.plus(Duration.ofMinutes(7)).toEpochMilli());
    assertThat(demo.stream().map(DemoEvent::service).distinct())
        .containsExactlyInAnyOrder("checkout", "payments", "search", "auth", "inventory");
    assertThat(demo.stream().map(DemoEvent::host).distinct())
        .contains("checkout-1", "checkout-3", "auth-2");
    // about 45 events a second at rate scale 1 (the daily cycle is near its mean at 09:00)
    assertThat(demo.size() / 420.0).isBetween(25.0, 80.0);
  }

  @Test
  void writesLinesTheParsersReadBackWithTheSameTimeServiceAndLevel() {
    Map<String, LogParser> parsers = new HashMap<>();
    LogParser auto = Parsers.byName("auto", OPTIONS);
    int failed = 0;
    Set<String> formats = new HashSet<>();
    Set<Level> levels = new HashSet<>();
    int stackTraces = 0;
    for (DemoEvent e : demo) {
      formats.add(e.format());
      ParseResult result =
          parsers.computeIfAbsent(e.format(), f -> Parsers.byName(f, OPTIONS)).parse(e.line());
      if (result instanceof ParseResult.Failed) {
        failed++;
        assertThat(auto.parse(e.line())).isInstanceOf(ParseResult.Parsed.class);
        continue;
      }
      ParsedFields f = ((ParseResult.Parsed) result).fields();
      assertThat(f.eventTime).as(e.line()).isEqualTo(e.eventTime());
      if (f.service != null) {
        assertThat(f.service).isEqualTo(e.service());
      }
      levels.add(f.level);
      if (e.line().contains("\n") || e.line().contains("stack_trace")) {
        stackTraces++;
      }
      ParsedFields viaAuto = ((ParseResult.Parsed) auto.parse(e.line())).fields();
      assertThat(viaAuto.eventTime).as(e.line()).isEqualTo(e.eventTime());
      assertThat(viaAuto.level).isEqualTo(f.level);
    }
    assertThat(formats).containsExactlyInAnyOrder("combined", "java", "json", "logfmt", "syslog");
    assertThat(levels).contains(Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR);
    assertThat(stackTraces).isPositive();
    assertThat((double) failed / demo.size()).as("cut-short noise lines").isLessThan(0.001);
  }

  @Test
  void injectsEveryIncidentOfTheDefaultSchedule() {
    Window burst = new Window(120, 210);
    assertThat(serverErrorShare("payments", burst::contains)).isGreaterThan(0.15);
    assertThat(serverErrorShare("payments", burst.outside())).isLessThan(0.02);

    Window slow = new Window(150, 240);
    assertThat(medianLatency("search", slow::contains))
        .isGreaterThan(3 * medianLatency("search", slow.outside()));

    Window spike = new Window(180, 270);
    assertThat(ratePerSecond("checkout", spike))
        .isGreaterThan(2.5 * ratePerSecond("checkout", new Window(0, 120)));

    Window drop = new Window(210, 300);
    assertThat(ratePerSecond("inventory", drop))
        .isLessThan(0.5 * ratePerSecond("inventory", new Window(0, 120)));

    Window silence = new Window(240, 330);
    assertThat(demo).filteredOn(e -> e.service().equals("auth") && silence.contains(e)).isEmpty();
    assertThat(demo)
        .filteredOn(e -> e.service().equals("auth") && e.timeMillis() >= at(330))
        .isNotEmpty();

    Window novel = new Window(270, 360);
    List<String> novelLines =
        demo.stream()
            .filter(e -> e.service().equals("payments") && e.line().contains("\"level\":\"ERROR\""))
            .filter(e -> novel.contains(e) && !knownPaymentsError(e.line()))
            .map(DemoEvent::line)
            .toList();
    assertThat(novelLines).hasSize(5);
    String novelText = NovelTemplates.get(0).text();
    String prefix = novelText.substring(0, novelText.indexOf('{'));
    assertThat(novelLines).allMatch(line -> line.contains(prefix));
    assertThat(demo).filteredOn(e -> !novel.contains(e)).noneMatch(e -> e.line().contains(prefix));
  }

  private static boolean knownPaymentsError(String line) {
    return DemoServices.payments().error().stream()
        .anyMatch(t -> line.contains(t.text().substring(0, t.text().indexOf('{'))));
  }

  @Test
  void confinesAnIncidentToOneHost(@TempDir Path dir) throws Exception {
    Path truth = dir.resolve("truth.jsonl");
    List<DemoEvent> events =
        generate(
            DemoConfig.builder()
                .start(START)
                .duration(Duration.ofMinutes(3))
                .schedule(IncidentSchedule.parse("silence:checkout/checkout-2:60s:60s"))
                .groundTruth(truth)
                .build());
    Window silence = new Window(60, 120);
    assertThat(events)
        .filteredOn(e -> e.host().equals("checkout-2") && silence.contains(e))
        .isEmpty();
    assertThat(events)
        .filteredOn(e -> e.host().equals("checkout-1") && silence.contains(e))
        .isNotEmpty();
    assertThat(events)
        .filteredOn(e -> e.host().equals("checkout-2") && e.timeMillis() >= at(120))
        .isNotEmpty();
    GroundTruth.Entry entry = GroundTruth.read(truth).get(0);
    assertThat(entry.host()).isEqualTo("checkout-2");
    assertThat(entry.kind()).isEqualTo(AnomalyKind.SILENCE);
  }

  @Test
  void followsADailyCycle() {
    List<DemoEvent> day =
        generate(
            DemoConfig.builder()
                .start(Instant.parse("2024-01-15T00:00:00Z"))
                .duration(Duration.ofHours(1))
                .dayLength(Duration.ofHours(1))
                .schedule(IncidentSchedule.none())
                .rateScale(0.2)
                .build());
    long peakStart =
        Instant.parse("2024-01-15T00:30:00Z").toEpochMilli(); // 14:00 of a 1-hour day ≈ 35 min
    long troughStart = Instant.parse("2024-01-15T00:05:00Z").toEpochMilli();
    long peak =
        day.stream()
            .filter(e -> e.timeMillis() >= peakStart && e.timeMillis() < peakStart + 600_000)
            .count();
    long trough =
        day.stream()
            .filter(e -> e.timeMillis() >= troughStart && e.timeMillis() < troughStart + 600_000)
            .count();
    assertThat((double) peak / trough).isGreaterThan(1.8);
  }

  @Test
  void writesTheGroundTruthOfWhatItInjectedAndWhereItStopped(@TempDir Path dir) throws Exception {
    Path truth = dir.resolve("truth/ground-truth.jsonl");
    generate(
        DemoConfig.builder()
            .start(START)
            .duration(Duration.ofSeconds(280))
            .groundTruth(truth)
            .build());
    List<GroundTruth.Entry> entries = GroundTruth.read(truth);
    assertThat(entries)
        .extracting(
            GroundTruth.Entry::kind, GroundTruth.Entry::service, GroundTruth.Entry::complete)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AnomalyKind.ERROR_RATE_RISE, "payments", true),
            org.assertj.core.groups.Tuple.tuple(AnomalyKind.LATENCY_RISE, "search", true),
            org.assertj.core.groups.Tuple.tuple(AnomalyKind.VOLUME_SPIKE, "checkout", true),
            org.assertj.core.groups.Tuple.tuple(AnomalyKind.VOLUME_DROP, "inventory", false),
            org.assertj.core.groups.Tuple.tuple(AnomalyKind.SILENCE, "auth", false),
            org.assertj.core.groups.Tuple.tuple(AnomalyKind.NEW_PATTERN, "payments", false));
    assertThat(entries.get(0).start()).isEqualTo(START.plusSeconds(120));
    assertThat(entries.get(0).end()).isEqualTo(START.plusSeconds(210));
    assertThat(entries.get(0).incident()).isEqualTo(IncidentKind.ERROR_BURST);
    assertThat(entries.get(3).end()).isEqualTo(START.plusSeconds(280));
    assertThat(Files.readAllLines(truth).get(0))
        .contains("\"kind\":\"ERROR_RATE_RISE\"")
        .contains("\"host\":null");
  }

  private static long at(int second) {
    return START.plusSeconds(second).toEpochMilli();
  }

  /** Seconds [from, to) after the start; a margin of 5 s at the edges is left out of "outside". */
  private record Window(int from, int to) {
    boolean contains(DemoEvent e) {
      return e.timeMillis() >= at(from) && e.timeMillis() < at(to);
    }

    Predicate<DemoEvent> outside() {
      return e -> e.timeMillis() < at(from - 5) || e.timeMillis() >= at(to + 5);
    }
  }

  private static List<ParsedFields> requests(String service, Predicate<DemoEvent> when) {
    LogParser combined = Parsers.byName("combined", OPTIONS);
    List<ParsedFields> out = new ArrayList<>();
    for (DemoEvent e : demo) {
      if (e.service().equals(service)
          && e.format().equals("combined")
          && when.test(e)
          && !e.line().contains("/healthz")) {
        if (combined.parse(e.line()) instanceof ParseResult.Parsed p) {
          out.add(p.fields());
        }
      }
    }
    return out;
  }

  private static double serverErrorShare(String service, Predicate<DemoEvent> when) {
    List<ParsedFields> r = requests(service, when);
    return (double) r.stream().filter(f -> f.http.getStatus() >= 500).count() / r.size();
  }

  private static double medianLatency(String service, Predicate<DemoEvent> when) {
    double[] d =
        requests(service, when).stream()
            .mapToDouble(f -> f.http.getDurationMs())
            .sorted()
            .toArray();
    return d[d.length / 2];
  }

  private static double ratePerSecond(String service, Window w) {
    return (double) requests(service, w::contains).size() / (w.to() - w.from());
  }
}
