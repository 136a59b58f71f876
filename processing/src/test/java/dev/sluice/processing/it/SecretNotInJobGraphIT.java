package dev.sluice.processing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.LogEvent;
import dev.sluice.processing.JobIo;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.OptionsException;
import dev.sluice.processing.SluiceJob;
import dev.sluice.processing.io.KafkaIo;
import dev.sluice.processing.io.S3Tables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 secret key is in no byte of the serialised job graph (what the JobManager stores and ships
 * to the TaskManagers), whether it came from the environment or from {@code --s3-secret-key-file},
 * and the job still writes its tables.
 */
class SecretNotInJobGraphIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @TempDir Path dir;

  @Test
  void theSecretIsNotInTheJobGraphAndTheJobStillWritesToS3() throws Exception {
    String topic = KAFKA.newTopic(2);
    KAFKA.broker().createTopic(topic + ".stats", 1);
    KAFKA.broker().createTopic(topic + ".rejects", 1);
    String bucket = S3.newBucket();
    List<LogEvent> events = TestLogs.events(0, 120);
    Map<TopicPartition, Long> end;
    try (TestLogs logs = new TestLogs(KAFKA.bootstrapServers(), topic, 2)) {
      logs.send(events);
      end = logs.endOffsets();
    }
    byte[] secret = S3.secretKey().getBytes(StandardCharsets.UTF_8);
    Path secretFile = dir.resolve("s3-secret-key");
    Files.writeString(secretFile, S3.secretKey() + "\n");

    JobOptions fromEnv = TestLogs.options(KAFKA.bootstrapServers(), topic, S3.endpoint(), bucket);
    assertThat(indexOf(serialisedJobGraph(fromEnv, end), secret))
        .as("secret from env")
        .isEqualTo(-1);
    JobOptions fromFile =
        TestLogs.options(
            KAFKA.bootstrapServers(),
            topic,
            S3.endpoint(),
            bucket,
            "--s3-secret-key-file",
            secretFile.toString());
    assertThat(indexOf(serialisedJobGraph(fromFile, end), secret))
        .as("secret from a file")
        .isEqualTo(-1);

    // the task manager reads the file itself
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    SluiceJob.build(env, fromFile, io(fromFile, end));
    env.executeAsync("secret from a file").getJobExecutionResult().get(2, TimeUnit.MINUTES);

    assertThat(StoredTables.read(S3.client(), bucket, "logs", LogEvent.class))
        .extracting(LogEvent::getId)
        .containsExactlyInAnyOrderElementsOf(events.stream().map(LogEvent::getId).toList());
  }

  @Test
  void aSecretOnlyInTheSubmittingProcessIsRefusedForACluster() {
    JobOptions fromEnv =
        TestLogs.options(KAFKA.bootstrapServers(), "t", S3.endpoint(), "some-bucket");
    Configuration remote = new Configuration();
    remote.set(DeploymentOptions.TARGET, "remote");

    assertThatThrownBy(
            () ->
                SluiceJob.checkSecretReachesTheTaskManagers(
                    fromEnv, new StreamExecutionEnvironment(remote)))
        .isInstanceOf(OptionsException.class)
        .hasMessageContaining("--s3-secret-key-file")
        .hasMessageContaining("--s3-credentials-from-env")
        .hasMessageNotContaining(S3.secretKey());
  }

  /** Where {@code part} starts in {@code bytes}, or -1. */
  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] serialisedJobGraph(JobOptions options, Map<TopicPartition, Long> end)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    SluiceJob.build(env, options, io(options, end));
    return InstantiationUtil.serializeObject(env.getStreamGraph().getJobGraph());
  }

  private static JobIo io(JobOptions options, Map<TopicPartition, Long> end) {
    return new JobIo(
        KafkaIo.sourceBuilder(options).setBounded(OffsetsInitializer.offsets(end)).build(),
        S3Tables.logs(options),
        S3Tables.stats(options),
        KafkaIo.statsSink(options),
        S3Tables.rejects(options),
        KafkaIo.rejectsSink(options));
  }
}
