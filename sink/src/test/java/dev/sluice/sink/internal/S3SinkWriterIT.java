package dev.sluice.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.LogEvent;
import dev.sluice.model.layout.PartFilePath;
import dev.sluice.sink.AvroCompression;
import dev.sluice.sink.HivePartitioner;
import dev.sluice.sink.RollingPolicy;
import dev.sluice.sink.S3Connection;
import dev.sluice.sink.S3Sink;
import dev.sluice.sink.TestRecords;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives the writer and committer directly against a real S3-compatible server, the way Flink calls
 * them at checkpoints, including a crash and restore in between.
 */
class S3SinkWriterIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();
  private static final String JOB = "00000000000000000000000000000abc";
  private static final Instant T0 = Instant.parse("2026-11-26T08:15:00Z");

  private String bucket;
  private S3Sink<LogEvent> sink;
  private S3Store store;

  @BeforeEach
  void setUp() {
    bucket = S3.newBucket();
    sink = sink(AvroCompression.ZSTD, RollingPolicy.defaults());
    store = new S3Store(sink.settings().connection(), bucket, sink.settings().retrier());
  }

  private S3Sink<LogEvent> sink(AvroCompression codec, RollingPolicy policy) {
    return S3Sink.<LogEvent>builder()
        .connection(
            S3Connection.builder()
                .endpoint(S3.endpoint())
                .credentials(S3.accessKey(), S3.secretKey())
                .build())
        .bucket(bucket)
        .table("logs")
        .recordClass(LogEvent.class)
        .partitioner(HivePartitioner.byTimeAndService(LogEvent::getEventTime, LogEvent::getService))
        .compression(codec)
        .rollingPolicy(policy)
        .partSize(5 << 20)
        .retries(2, Duration.ofMillis(10), Duration.ofMillis(10))
        .build();
  }

  private S3SinkWriter<LogEvent> writer(Collection<S3WriterState> restored) throws Exception {
    WriterIdentity id = WriterIdentity.of(JOB, 0, 1, OptionalLong.empty(), restored);
    return new S3SinkWriter<>(
        sink.settings(), store, id, Clock.fixed(T0, ZoneOffset.UTC), restored, null);
  }

  private void commit(Collection<S3Committable> committables) throws Exception {
    org.apache.flink.metrics.SimpleCounter filesCommitted =
        new org.apache.flink.metrics.SimpleCounter();
    new S3Committer(store, filesCommitted).commit(TestCommitRequest.of(committables));
    assertThat(filesCommitted.getCount())
        .as("the filesCommitted metric counts each completed part file")
        .isEqualTo(committables.stream().filter(S3Committable::hasUpload).count());
  }

  private static void write(S3SinkWriter<LogEvent> w, long from, long to, int padding)
      throws Exception {
    for (long id = from; id < to; id++) {
      String service = id % 2 == 0 ? "checkout" : "search/api";
      w.write(TestRecords.event(id, service, T0, padding), null);
    }
  }

  private static List<String> ids(long from, long to) {
    return LongStream.range(from, to).mapToObj(Long::toString).toList();
  }

  @Test
  void writesAvroFilesUnderHivePartitionsOnlyAfterCommit() throws Exception {
    for (AvroCompression codec : AvroCompression.values()) {
      bucket = S3.newBucket();
      sink = sink(codec, RollingPolicy.defaults());
      store = new S3Store(sink.settings().connection(), bucket, sink.settings().retrier());
      S3SinkWriter<LogEvent> w = writer(List.of());
      write(w, 0, 1000, 100);
      w.flush(true);
      Collection<S3Committable> committables = w.prepareCommit();
      assertThat(TestRecords.keys(S3.client(), bucket, "logs/")).isEmpty();

      commit(committables);

      List<String> keys = TestRecords.keys(S3.client(), bucket, "");
      assertThat(keys)
          .hasSize(2)
          .allSatisfy(k -> assertThat(PartFilePath.parse(k).table()).isEqualTo("logs"))
          .anySatisfy(k -> assertThat(k).startsWith("logs/dt=2026-11-26/hour=08/service=checkout/"))
          .anySatisfy(
              k -> assertThat(k).startsWith("logs/dt=2026-11-26/hour=08/service=search%2Fapi/"));
      assertThat(TestRecords.storedIds(S3.client(), bucket, "logs"))
          .containsExactlyInAnyOrderElementsOf(ids(0, 1000));
      assertThat(store.listUploads("")).isEmpty();
      w.close();
    }
  }

  @Test
  void keepsFilesOpenAcrossCheckpointsAndRestoresThemAfterACrash() throws Exception {
    S3SinkWriter<LogEvent> w = writer(List.of());
    write(w, 0, 3000, 3000); // ~9 MiB raw: one full part uploaded per partition, rest in temp
    commit(w.prepareCommit());
    List<S3WriterState> checkpoint1 = w.snapshotState(1);
    assertThat(checkpoint1.get(0).openFiles()).hasSize(2);
    assertThat(TestRecords.keys(S3.client(), bucket, "logs/")).isEmpty();
    assertThat(TestRecords.keys(S3.client(), bucket, "_sluice/tmp/logs/")).hasSize(2);

    // the attempt goes on past checkpoint 1, checkpoints again, then crashes before commit
    write(w, 3000, 4000, 3000);
    w.prepareCommit();
    w.snapshotState(2);
    write(w, 4000, 4500, 3000);
    w.close();

    // restore from checkpoint 1: continue the open files, drop what the failed attempt left
    S3SinkWriter<LogEvent> restored = writer(checkpoint1);
    write(restored, 3000, 5000, 3000);
    restored.flush(true);
    commit(restored.prepareCommit());
    restored.close();

    assertThat(TestRecords.storedIds(S3.client(), bucket, "logs"))
        .containsExactlyInAnyOrderElementsOf(ids(0, 5000));
    assertThat(store.listUploads("")).isEmpty();
    assertThat(TestRecords.keys(S3.client(), bucket, "_sluice/")).isEmpty();
  }

  @Test
  void committingTwiceIsASuccess() throws Exception {
    S3SinkWriter<LogEvent> w = writer(List.of());
    write(w, 0, 100, 10);
    w.flush(true);
    Collection<S3Committable> committables = w.prepareCommit();
    commit(committables);
    List<TestCommitRequest> again = new ArrayList<>();
    for (S3Committable c : committables) {
      again.add(new TestCommitRequest(c));
    }
    new S3Committer(store).commit(new ArrayList<>(again));
    assertThat(again).allSatisfy(r -> assertThat(r.failedKnown).isNull());
    assertThat(again).allSatisfy(r -> assertThat(r.failedUnknown).isNull());
    assertThat(TestRecords.storedIds(S3.client(), bucket, "logs"))
        .containsExactlyInAnyOrderElementsOf(ids(0, 100));
  }

  @Test
  void rollsTheLeastRecentlyUsedPartitionBeyondTheBound() throws Exception {
    S3Sink<LogEvent> bounded =
        S3Sink.<LogEvent>builder()
            .connection(sink.settings().connection())
            .bucket(bucket)
            .table("logs")
            .recordClass(LogEvent.class)
            .partitioner(e -> "service=" + e.getService())
            .maxOpenPartitions(2)
            .build();
    WriterIdentity id = WriterIdentity.of(JOB, 0, 1, OptionalLong.empty(), List.of());
    S3SinkWriter<LogEvent> w =
        new S3SinkWriter<>(bounded.settings(), store, id, Clock.systemUTC(), List.of(), null);
    for (int i = 0; i < 30; i++) {
      w.write(TestRecords.event(i, "s" + (i % 5), T0, 0), null);
      assertThat(w.openFiles()).isLessThanOrEqualTo(2);
    }
    w.flush(true);
    commit(w.prepareCommit());
    assertThat(TestRecords.storedIds(S3.client(), bucket, "logs"))
        .containsExactlyInAnyOrderElementsOf(ids(0, 30));
  }
}
