package dev.sluice.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.query.fixtures.SampleData;
import dev.sluice.query.fixtures.SinkWrites;
import dev.sluice.query.sample.SyntheticLogs;
import dev.sluice.sink.AvroCompression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryEngineIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  static final long FIRST_HOUR = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

  String bucket;
  SampleData data;
  QueryEngine engine;

  @BeforeAll
  void writeSampleData() {
    bucket = S3.newBucket();
    data = SampleData.write(S3, bucket, FIRST_HOUR);
    engine = QueryEngine.connect(config(bucket).build());
  }

  @AfterAll
  void closeEngine() {
    engine.close();
  }

  static QueryConfig.Builder config(String bucket) {
    return QueryConfig.builder()
        .endpoint(S3.endpoint())
        .bucket(bucket)
        .accessKey(S3.accessKey())
        .secretKey(S3.secretKey());
  }

  record Rows(List<String> columns, List<List<Object>> rows, ScanStatistics.Snapshot stats) {}

  Rows run(String sql) {
    try (QueryResult result = engine.execute(sql)) {
      List<List<Object>> rows = new ArrayList<>();
      while (result.next()) {
        rows.add(Arrays.asList(result.row()));
      }
      result.close();
      return new Rows(result.columns(), rows, result.statistics());
    }
  }

  @Test
  void readsEveryColumnWithItsSqlType() {
    LogEvent expected = data.events().get(0);
    Rows r =
        run(
            "SELECT id, eventTime, level, message, http_status, http_durationMs,"
                + " attributes['region'] AS region, truncated, dt, \"hour\", service"
                + " FROM logs WHERE id = '"
                + expected.getId()
                + "'");
    assertThat(r.rows()).hasSize(1);
    List<Object> row = r.rows().get(0);
    assertThat(row.get(0)).isEqualTo(expected.getId());
    assertThat(row.get(1)).isEqualTo(expected.getEventTime());
    assertThat(row.get(2)).isEqualTo(expected.getLevel().name());
    assertThat(row.get(3)).isEqualTo(expected.getMessage());
    assertThat(row.get(4)).isEqualTo(expected.getHttp().getStatus());
    assertThat(row.get(5)).isEqualTo(expected.getHttp().getDurationMs());
    assertThat(row.get(6)).isEqualTo("eu-west-1");
    assertThat(row.get(7)).isEqualTo(false);
    assertThat(row.get(8)).isEqualTo("2026-11-25");
    assertThat(row.get(9)).isEqualTo(10);
    assertThat(row.get(10)).isEqualTo("checkout");
  }

  @Test
  void groupsAndOrdersAcrossEveryPartitionSkippingTemporaryObjects() {
    Rows r =
        run(
            "SELECT service, COUNT(*) AS events, SUM(CASE WHEN level = 'ERROR' THEN 1 ELSE 0 END)"
                + " AS errors FROM logs GROUP BY service ORDER BY service");
    Map<String, long[]> expected = new TreeMap<>();
    for (LogEvent e : data.events()) {
      long[] counts = expected.computeIfAbsent(e.getService(), k -> new long[2]);
      counts[0]++;
      counts[1] += e.getLevel() == Level.ERROR ? 1 : 0;
    }
    List<List<Object>> want = new ArrayList<>();
    expected.forEach((service, c) -> want.add(List.of(service, c[0], (int) c[1])));
    assertThat(
            r.rows().stream()
                .map(
                    row ->
                        List.of(
                            row.get(0),
                            ((Number) row.get(1)).longValue(),
                            ((Number) row.get(2)).intValue()))
                .toList())
        .isEqualTo(want);
    assertThat(r.stats().objectsOpened()).isEqualTo(data.logObjects());
  }

  @Test
  void joinsAnAnomalyToTheLogsInItsWindow() {
    Rows r =
        run(
            "SELECT a.id, l.id AS eventId, l.message FROM anomalies a JOIN logs l"
                + " ON l.service = a.service AND l.eventTime >= a.windowStart"
                + " AND l.eventTime < a.windowEnd WHERE a.id = '"
                + SampleData.ANOMALY_ID
                + "' ORDER BY l.eventTime");
    long start = data.anomaly().getWindowStart().toEpochMilli();
    long end = data.anomaly().getWindowEnd().toEpochMilli();
    List<String> expected =
        data.events().stream()
            .filter(e -> e.getService().equals("checkout"))
            .filter(
                e ->
                    e.getEventTime().toEpochMilli() >= start
                        && e.getEventTime().toEpochMilli() < end)
            .map(LogEvent::getId)
            .toList();
    assertThat(expected).isNotEmpty();
    assertThat(r.rows().stream().map(row -> row.get(1)).toList()).isEqualTo(expected);
  }

  @Test
  void exposesArraysOfRecordsAsParallelArrays() {
    Rows r =
        run(
            "SELECT exemplars_eventId, kind, exemplars_eventTime FROM anomalies WHERE id = '"
                + SampleData.ANOMALY_ID
                + "'");
    assertThat(r.rows()).hasSize(1);
    assertThat(r.rows().get(0).get(0))
        .isEqualTo(data.anomaly().getExemplars().stream().map(x -> x.getEventId()).toList());
    assertThat(r.rows().get(0).get(1)).isEqualTo("ERROR_RATE_RISE");
    assertThat(r.rows().get(0).get(2))
        .isEqualTo(data.anomaly().getExemplars().stream().map(x -> x.getEventTime()).toList());
  }

  @Test
  void prunesToOneServiceAndOneHour() {
    Rows r =
        run(
            "SELECT COUNT(*) FROM logs WHERE service = 'payments' AND dt = '2026-11-25' AND \"hour\" = 11");
    assertThat(((Number) r.rows().get(0).get(0)).longValue())
        .isEqualTo(SampleData.EVENTS_PER_PARTITION);
    assertThat(r.stats().objectsOpened()).isEqualTo(1);
    // dt, hour and service pinned: the partition's prefix is built, only its objects are listed
    assertThat(r.stats().listRequests()).isEqualTo(1);
  }

  @Test
  void conditionsTheScanDecidesItselfKeepTheirMeaning() {
    // hour conditions decided by the partitions, service = 'x' checked by the scan on each row
    Rows twoHours =
        run(
            "SELECT COUNT(*), MIN(service), MAX(service) FROM logs WHERE service = 'checkout'"
                + " AND (\"hour\" = 10 OR \"hour\" = 12) AND dt <> '2026-11-26'");
    assertThat(twoHours.rows().get(0))
        .containsExactly(2L * SampleData.EVENTS_PER_PARTITION, "checkout", "checkout");
    assertThat(run("SELECT COUNT(*) FROM logs WHERE service = 'nobody'").rows().get(0).get(0))
        .isEqualTo(0L);
    assertThat(run("SELECT COUNT(*) FROM logs WHERE \"hour\" = 10 AND dt = '2026-11-24'").rows())
        .containsExactly(List.of(0L));
  }

  @Test
  void rerunOfTheSameTextReadsStorageAfresh() {
    String other = S3.newBucket();
    SinkWrites writes = new SinkWrites(S3, other);
    writes.logs(AvroCompression.ZSTD, SyntheticLogs.hour("checkout", FIRST_HOUR, 30, 1));
    String sql = "SELECT COUNT(*) FROM logs WHERE service = 'checkout'";
    try (QueryEngine fresh = QueryEngine.connect(config(other).build())) {
      assertThat(count(fresh, sql)).isEqualTo(30);
      writes.logs(
          AvroCompression.ZSTD, SyntheticLogs.hour("checkout", FIRST_HOUR + 3_600_000L, 12, 2));
      assertThat(count(fresh, sql)).isEqualTo(42);

      // the same text twice at once: each result has its own statement
      try (QueryResult first = fresh.execute(sql);
          QueryResult second = fresh.execute(sql)) {
        assertThat(first.next()).isTrue();
        assertThat(second.next()).isTrue();
        assertThat(((Number) first.row()[0]).longValue()).isEqualTo(42);
        assertThat(((Number) second.row()[0]).longValue()).isEqualTo(42);
      }
      assertThat(count(fresh, sql)).isEqualTo(42);
    }
  }

  private static long count(QueryEngine engine, String sql) {
    try (QueryResult result = engine.execute(sql)) {
      assertThat(result.next()).isTrue();
      long n = ((Number) result.row()[0]).longValue();
      assertThat(result.statistics().objectsOpened()).isPositive();
      return n;
    }
  }

  @Test
  void prunesByEventTimeRange() {
    Rows r =
        run(
            "SELECT COUNT(*) FROM logs WHERE eventTime >= TIMESTAMP '2026-11-25 11:30:00'"
                + " AND eventTime < TIMESTAMP '2026-11-25 12:00:00'");
    long expected =
        data.events().stream()
            .filter(
                e ->
                    !e.getEventTime().isBefore(Instant.parse("2026-11-25T11:30:00Z"))
                        && e.getEventTime().isBefore(Instant.parse("2026-11-25T12:00:00Z")))
            .count();
    assertThat(((Number) r.rows().get(0).get(0)).longValue()).isEqualTo(expected);
    assertThat(r.stats().objectsOpened()).isEqualTo(SampleData.SERVICES.size());
  }

  @Test
  void prunesByServiceListAndRelativeTime() {
    Rows inList =
        run(
            "SELECT COUNT(*) FROM logs WHERE service IN ('checkout', 'web/api') AND \"hour\" >= 11");
    assertThat(((Number) inList.rows().get(0).get(0)).longValue())
        .isEqualTo(4L * SampleData.EVENTS_PER_PARTITION);
    assertThat(inList.stats().objectsOpened()).isEqualTo(4);

    Rows recent =
        run("SELECT COUNT(*) FROM logs WHERE eventTime > CURRENT_TIMESTAMP - INTERVAL '1' HOUR");
    assertThat(((Number) recent.rows().get(0).get(0)).longValue()).isZero();
    assertThat(recent.stats().objectsOpened()).isZero();
  }

  @Test
  void unescapesPartitionValues() {
    Rows r = run("SELECT DISTINCT service FROM logs WHERE service = 'web/api'");
    assertThat(r.rows()).containsExactly(List.of("web/api"));
    assertThat(r.stats().objectsOpened()).isEqualTo(SampleData.HOURS);
  }

  @Test
  void limitStopsReadingEarly() {
    Rows r = run("SELECT id, message FROM logs LIMIT 5");
    assertThat(r.rows()).hasSize(5);
    assertThat(r.stats().objectsOpened()).isEqualTo(1);
  }

  @Test
  void readsStatsAndRejects() {
    Rows stats =
        run(
            "SELECT service, \"count\", countByLevel['ERROR'] FROM stats WHERE \"hour\" = 10 ORDER BY service");
    assertThat(stats.rows()).hasSize(3);
    assertThat(stats.rows().get(0).get(1)).isEqualTo((long) SampleData.EVENTS_PER_PARTITION);
    Rows rejects = run("SELECT id, reason, service, raw FROM rejects ORDER BY id");
    assertThat(rejects.rows().stream().map(row -> row.get(0)).toList())
        .containsExactly("r-1", "r-2");
    assertThat(rejects.rows().get(1).get(2)).isNull();
    assertThat((byte[]) rejects.rows().get(0).get(3)).isEqualTo("{oops".getBytes());
  }

  @Test
  void prunesTablesPartitionedByTimeAlone() {
    Rows inHour =
        run(
            "SELECT id FROM rejects WHERE receivedTime >= TIMESTAMP '2026-11-25 10:00:00'"
                + " AND receivedTime < TIMESTAMP '2026-11-25 11:00:00' ORDER BY id");
    assertThat(inHour.rows()).containsExactly(List.of("r-1"), List.of("r-2"));
    assertThat(inHour.stats().objectsOpened()).isEqualTo(2);
    Rows otherDay = run("SELECT id FROM rejects WHERE dt = '2026-11-24'");
    assertThat(otherDay.rows()).isEmpty();
    assertThat(otherDay.stats().objectsOpened()).isZero();
  }

  @Test
  void unknownTableListsTheTables() {
    assertThatThrownBy(() -> run("SELECT * FROM log"))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("line 1, column 15")
        .hasMessageContaining("the tables are logs, stats, anomalies, rejects");
  }

  @Test
  void unknownColumnListsTheColumns() {
    assertThatThrownBy(() -> run("SELECT severity FROM logs"))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("Column 'severity' not found")
        .hasMessageContaining("logs has id, eventTime");
  }

  @Test
  void syntaxErrorSaysWhere() {
    assertThatThrownBy(() -> run("SELECT id FORM logs"))
        .isInstanceOf(QueryException.class)
        .satisfies(
            e ->
                assertThat(((QueryException) e).kind())
                    .isEqualTo(QueryException.Kind.INVALID_QUERY))
        .hasMessageContaining("line 1, column");
  }

  @Test
  void reservedWordColumnSaysToQuoteIt() {
    assertThatThrownBy(() -> run("SELECT hour FROM logs"))
        .hasMessageContaining("'hour' is a reserved word: write \"hour\"");
  }

  @Test
  void wrongCredentialsEndpointOrBucketSayWhich() {
    assertThatThrownBy(() -> QueryEngine.connect(config(bucket).secretKey("wrong-secret").build()))
        .isInstanceOf(QueryException.class)
        .hasMessageContaining("credentials")
        .hasMessageNotContaining("wrong-secret");
    assertThatThrownBy(() -> QueryEngine.connect(config("no-such-bucket-here").build()))
        .hasMessageContaining("bucket 'no-such-bucket-here' does not exist");
    assertThatThrownBy(
            () -> QueryEngine.connect(config(bucket).endpoint("http://127.0.0.1:1").build()))
        .hasMessageContaining("cannot reach the S3 endpoint")
        .hasMessageContaining("--endpoint");
  }

  static String ids(List<LogEvent> events) {
    return events.stream().map(LogEvent::getId).collect(Collectors.joining(","));
  }
}
