package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.LogEvent;
import io.minio.StatObjectArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files span checkpoints: with a checkpoint every second and a 6 MiB size policy, the number of
 * files follows the data volume, not the number of checkpoints.
 */
class S3SinkFileSizeIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(1)
              .build());

  private static final long MAX_FILE_SIZE = 6L << 20;

  @Test
  void numberOfFilesIsSetBySizePolicyNotByCheckpoints() throws Exception {
    String bucket = S3.newBucket();
    S3Sink<LogEvent> sink =
        S3Sink.<LogEvent>builder()
            .connection(
                S3Connection.builder()
                    .endpoint(S3.endpoint())
                    .credentials(S3.accessKey(), S3.secretKey())
                    .build())
            .bucket(bucket)
            .table("logs")
            .recordClass(LogEvent.class)
            .partitioner(record -> "service=one") // one partition: file count = size / policy
            .compression(AvroCompression.NULL)
            .rollingPolicy(
                RollingPolicy.builder()
                    .maxFileSize(MAX_FILE_SIZE)
                    .maxAge(Duration.ofHours(1))
                    .inactivity(Duration.ofHours(1))
                    .build())
            .partSize(5 << 20)
            .build();
    ExactlyOnceJob.reset(0, false);
    StreamExecutionEnvironment env = ExactlyOnceJob.environment(1);
    // ~20 MiB at ~2.5 MiB/s: about eight checkpoints
    ExactlyOnceJob.build(env, 10_000, 1_250, 2_000, sink);

    env.execute("files span checkpoints");

    List<String> keys = TestRecords.keys(S3.client(), bucket, "logs/");
    List<Long> sizes = new ArrayList<>();
    for (String key : keys) {
      sizes.add(
          S3.client()
              .statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())
              .size());
    }
    long total = sizes.stream().mapToLong(Long::longValue).sum();
    int checkpoints = ExactlyOnceJob.CHECKPOINTS.get();

    assertThat(checkpoints).as("completed checkpoints").isGreaterThanOrEqualTo(6);
    assertThat(keys.size())
        .as("files for %d bytes with %d checkpoints", total, checkpoints)
        .isEqualTo((int) Math.ceil((double) total / MAX_FILE_SIZE))
        .isLessThan(checkpoints);
    // every file but the last is full
    assertThat(sizes.stream().filter(s -> s >= MAX_FILE_SIZE).count()).isEqualTo(keys.size() - 1L);
    assertThat(TestRecords.storedIds(S3.client(), bucket, "logs")).hasSize(10_000);
    assertThat(TestRecords.keys(S3.client(), bucket, "_sluice/")).isEmpty();
  }
}
