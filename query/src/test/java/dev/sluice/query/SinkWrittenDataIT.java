package dev.sluice.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.LogEvent;
import dev.sluice.query.fixtures.SinkWrites;
import dev.sluice.query.sample.SyntheticLogs;
import dev.sluice.sink.AvroCompression;
import dev.sluice.sink.S3Sink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Queries data written by the real S3 sink (two-phase commit, part names and escaping of its own)
 * from a Flink job on a MiniCluster: every event comes back once, and a one-service, one-hour query
 * opens only that partition's objects.
 */
class SinkWrittenDataIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static final List<String> SERVICES = List.of("checkout", "web/api");
  static final Instant FIRST_HOUR = Instant.parse("2026-11-24T22:00:00Z"); // spans midnight

  @Test
  void queriesWhatTheSinkCommitted() throws Exception {
    String bucket = S3.newBucket();
    List<LogEvent> events = new ArrayList<>();
    for (int h = 0; h < 3; h++) {
      for (int s = 0; s < SERVICES.size(); s++) {
        long hour = FIRST_HOUR.toEpochMilli() + h * 3_600_000L;
        SyntheticLogs.hour(SERVICES.get(s), hour, 40, 7L * h + s).forEachRemaining(events::add);
      }
    }
    writeThroughTheSink(bucket, events);

    try (QueryEngine engine =
        QueryEngine.connect(
            QueryConfig.builder()
                .endpoint(S3.endpoint())
                .bucket(bucket)
                .accessKey(S3.accessKey())
                .secretKey(S3.secretKey())
                .build())) {
      Map<String, Long> expected = new TreeMap<>();
      events.forEach(e -> expected.merge(e.getService() + "|" + hour(e), 1L, Long::sum));
      Map<String, Long> actual = new TreeMap<>();
      try (QueryResult result =
          engine.execute(
              "SELECT service, dt, \"hour\", COUNT(*), COUNT(DISTINCT id) FROM logs"
                  + " GROUP BY service, dt, \"hour\"")) {
        while (result.next()) {
          Object[] row = result.row();
          assertThat(row[3]).as("no duplicates").isEqualTo(row[4]);
          actual.put(
              row[0] + "|" + row[1] + "T" + String.format("%02d", (Integer) row[2]), (Long) row[3]);
        }
      }
      assertThat(actual).isEqualTo(expected);

      try (QueryResult pruned =
          engine.execute(
              "SELECT COUNT(*) FROM logs WHERE service = 'web/api' AND dt = '2026-11-25'"
                  + " AND \"hour\" = 0")) {
        assertThat(pruned.next()).isTrue();
        assertThat(pruned.row()[0]).isEqualTo(40L);
        pruned.close();
        assertThat(pruned.statistics().objectsOpened()).isBetween(1L, 2L); // one per writer subtask
      }
    }
  }

  private static String hour(LogEvent e) {
    String iso = e.getEventTime().toString(); // 2026-11-24T22:…
    return iso.substring(0, 13);
  }

  private static void writeThroughTheSink(String bucket, List<LogEvent> events) throws Exception {
    S3Sink<LogEvent> sink = new SinkWrites(S3, bucket).logsSink(AvroCompression.ZSTD);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.setParallelism(2);
    env.enableCheckpointing(500);
    env.fromData(events).sinkTo(sink);
    env.execute("sink writes logs for sluice query");
  }
}
