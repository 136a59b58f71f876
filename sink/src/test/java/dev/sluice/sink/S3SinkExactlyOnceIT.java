package dev.sluice.sink;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.LogEvent;
import dev.sluice.model.layout.PartFilePath;
import dev.sluice.sink.internal.Retrier;
import dev.sluice.sink.internal.S3Store;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once on a MiniCluster with a real S3-compatible server: a job writes a known set of ids,
 * is made to fail several times after checkpoints and once in the middle of a commit, and in
 * another run loses its S3 server for a while; storage must then hold every id exactly once and
 * nothing temporary.
 */
class S3SinkExactlyOnceIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.dedicated();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final long COUNT = 4000;

  private S3Sink<LogEvent> sink(String bucket) {
    return S3Sink.<LogEvent>builder()
        .connection(
            S3Connection.builder()
                .endpoint(S3.endpoint())
                .credentials(S3.accessKey(), S3.secretKey())
                .requestTimeout(Duration.ofSeconds(5))
                .build())
        .bucket(bucket)
        .table("logs")
        .recordClass(LogEvent.class)
        .partitioner(HivePartitioner.byTimeAndService(LogEvent::getEventTime, LogEvent::getService))
        .rollingPolicy(
            RollingPolicy.builder()
                .maxAge(Duration.ofSeconds(2))
                .inactivity(Duration.ofSeconds(1))
                .build())
        .maxOpenPartitions(4)
        .retries(3, Duration.ofMillis(50), Duration.ofMillis(200))
        .build();
  }

  @Test
  void storesEveryIdExactlyOnceDespiteFailuresAfterCheckpointsAndInACommit() throws Exception {
    String bucket = S3.newBucket();
    ExactlyOnceJob.reset(3, true);
    StreamExecutionEnvironment env = ExactlyOnceJob.environment(2);
    ExactlyOnceJob.build(env, COUNT, 500, 100, new ExactlyOnceJob.CommitCrashingSink(sink(bucket)));

    env.execute("exactly-once with failures");

    assertThat(ExactlyOnceJob.INJECTED.get()).isEqualTo(4);
    assertExactlyOnce(bucket);
  }

  @Test
  void storesEveryIdExactlyOnceWhenTheS3ServerIsDownForAWhile() throws Exception {
    String bucket = S3.newBucket();
    ExactlyOnceJob.reset(0, false);
    StreamExecutionEnvironment env = ExactlyOnceJob.environment(2);
    ExactlyOnceJob.build(env, COUNT, 500, 100, new ExactlyOnceJob.CommitCrashingSink(sink(bucket)));
    JobClient job = env.executeAsync("exactly-once with S3 down");

    await()
        .atMost(60, SECONDS)
        .until(() -> !TestRecords.keys(S3.client(), bucket, "logs/").isEmpty());
    int startsBefore = ExactlyOnceJob.SINK_STARTS.get();
    S3.server().stop();
    try {
      // the job notices (a checkpoint fails after its retries), restarts, and keeps failing to
      // start its writers while the server is away
      await()
          .atMost(60, SECONDS)
          .until(() -> ExactlyOnceJob.SINK_STARTS.get() >= startsBefore + 20);
    } finally {
      S3.server().restart();
    }

    job.getJobExecutionResult().get(120, SECONDS);
    assertExactlyOnce(bucket);
  }

  private void assertExactlyOnce(String bucket) throws Exception {
    List<String> expected = LongStream.range(0, COUNT).mapToObj(Long::toString).toList();
    assertThat(TestRecords.storedIds(S3.client(), bucket, "logs"))
        .hasSize((int) COUNT)
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(TestRecords.keys(S3.client(), bucket, "logs/"))
        .allSatisfy(k -> assertThat(PartFilePath.tryParse(k)).isPresent());
    assertThat(TestRecords.keys(S3.client(), bucket, "_sluice/")).isEmpty();
    S3Store store =
        new S3Store(
            sink(bucket).settings().connection(),
            bucket,
            new Retrier(1, Duration.ZERO, Duration.ZERO));
    assertThat(store.listUploads("")).isEmpty();
  }
}
