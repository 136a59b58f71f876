package dev.sluice.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.query.fixtures.SampleData;
import dev.sluice.query.output.ResultFormat;
import dev.sluice.query.output.ResultPrinter;
import dev.sluice.query.shortcut.AnomalyExplanation;
import dev.sluice.query.shortcut.Shortcuts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShortcutsAndFormatsIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  static final Instant FIRST_HOUR = Instant.parse("2026-11-25T10:00:00Z");

  SampleData data;
  QueryEngine engine;

  @BeforeAll
  void writeSampleData() {
    String bucket = S3.newBucket();
    data = SampleData.write(S3, bucket, FIRST_HOUR.toEpochMilli());
    engine =
        QueryEngine.connect(
            QueryConfig.builder()
                .endpoint(S3.endpoint())
                .bucket(bucket)
                .accessKey(S3.accessKey())
                .secretKey(S3.secretKey())
                .build());
  }

  @AfterAll
  void close() {
    engine.close();
  }

  record Printed(String out, QueryResult result) {}

  Printed print(String sql, ResultFormat format) {
    StringWriter text = new StringWriter();
    try (QueryResult result = engine.execute(sql)) {
      ResultPrinter.print(result, format, new PrintWriter(text));
      result.close();
      return new Printed(text.toString(), result);
    }
  }

  @Test
  void logsShortcutFiltersByServiceLevelTimeAndText() {
    Instant since = FIRST_HOUR.plus(Duration.ofMinutes(60));
    Printed p =
        print(Shortcuts.logs("checkout", Level.INFO, since, "TIMEOUT", 100), ResultFormat.CSV);
    List<LogEvent> expected =
        data.events().stream()
            .filter(e -> e.getService().equals("checkout"))
            .filter(e -> e.getLevel() != Level.DEBUG && e.getLevel() != Level.TRACE)
            .filter(e -> !e.getEventTime().isBefore(since))
            .filter(e -> e.getMessage().toLowerCase().contains("timeout"))
            .sorted((a, b) -> b.getEventTime().compareTo(a.getEventTime()))
            .toList();
    assertThat(expected).isNotEmpty();
    List<String> lines = p.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("eventTime,service,host,level,message,id");
    assertThat(p.out()).doesNotContain(",DEBUG,");
    assertThat(
            lines.subList(1, lines.size()).stream()
                .map(l -> l.substring(l.lastIndexOf(',') + 1))
                .toList())
        .isEqualTo(expected.stream().map(LogEvent::getId).toList());
    assertThat(p.result().statistics().objectsOpened()).isEqualTo(2); // hours 11 and 12 of checkout
  }

  @Test
  void logsShortcutKeepsOnlyTheNewestLinesInMemory() {
    try (QueryResult plan =
        engine.execute("EXPLAIN PLAN FOR " + Shortcuts.logs(null, null, FIRST_HOUR, null, 100))) {
      assertThat(plan.next()).isTrue();
      // a bounded top-N sort rather than sorting every matching row
      assertThat(plan.row()[0].toString()).contains("EnumerableLimitSort");
    }
  }

  @Test
  void anomaliesShortcutAsJsonLines() {
    Printed p = print(Shortcuts.anomalies(null, FIRST_HOUR, 100), ResultFormat.JSON);
    assertThat(p.out().lines().toList())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("{\"windowStart\":\"2026-11-25T11:00:00.000Z\"")
                    .contains("\"id\":\"" + SampleData.ANOMALY_ID + "\"")
                    .contains("\"kind\":\"ERROR_RATE_RISE\"")
                    .contains("\"host\":null")
                    .contains("\"score\":7.5"));
    Printed none =
        print(
            Shortcuts.anomalies(null, FIRST_HOUR.plus(Duration.ofDays(1)), 100), ResultFormat.JSON);
    assertThat(none.out()).isEmpty();
    assertThat(ResultPrinter.summary(none.result())).startsWith("no rows matched");
  }

  @Test
  void statsShortcutAsAlignedTable() {
    Printed p = print(Shortcuts.stats("checkout", FIRST_HOUR, 100), ResultFormat.TABLE);
    List<String> lines = p.out().lines().toList();
    assertThat(lines).hasSize(2 + SampleData.HOURS);
    assertThat(lines.get(0))
        .startsWith(
            "windowStart              | windowEnd                | service  | host | count");
    assertThat(lines.get(1)).matches("[-+]+");
    assertThat(lines.get(2))
        .startsWith("2026-11-25T10:00:00.000Z | 2026-11-25T11:00:00.000Z | checkout | NULL | 20");
    assertThat(ResultPrinter.summary(p.result())).startsWith("3 rows in ");
  }

  @Test
  void explainShowsTheAnomalyAndTheLogsAroundIt() {
    AnomalyExplanation explanation =
        AnomalyExplanation.of(engine, SampleData.ANOMALY_ID, Duration.ofMinutes(5), 1000);
    assertThat(explanation.anomaly()).containsEntry("kind", "ERROR_RATE_RISE");
    Printed p = print(explanation.logsSql(), ResultFormat.CSV);
    List<String> marked = p.out().lines().filter(l -> l.startsWith("*,")).toList();
    assertThat(marked).hasSize(data.anomaly().getExemplars().size());
    long start = data.anomaly().getWindowStart().toEpochMilli() - 300_000;
    long end = data.anomaly().getWindowEnd().toEpochMilli() + 300_000;
    long expected =
        data.events().stream()
            .filter(e -> e.getService().equals("checkout"))
            .filter(
                e ->
                    e.getEventTime().toEpochMilli() >= start
                        && e.getEventTime().toEpochMilli() < end)
            .count();
    assertThat(p.out().lines().count() - 1).isEqualTo(expected);
    assertThatThrownBy(() -> AnomalyExplanation.of(engine, "nope", Duration.ofMinutes(5), 10))
        .hasMessageContaining("no anomaly has id 'nope'");
  }

  @Test
  void csvQuotesFieldsThatNeedIt() {
    Printed p =
        print("SELECT 'a,b' AS x, 'say \"hi\"' AS y, CAST(NULL AS VARCHAR) AS z", ResultFormat.CSV);
    assertThat(p.out()).isEqualTo("x,y,z\r\n\"a,b\",\"say \"\"hi\"\"\",\r\n");
  }
}
