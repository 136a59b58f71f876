package dev.sluice.processing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.LogEvent;
import dev.sluice.model.WindowStats;
import dev.sluice.processing.JobIo;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.SluiceJob;
import dev.sluice.processing.StrictTypes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop with a savepoint, produce more, restart from the savepoint with another parallelism: the
 * archive holds every event once, and window results are not repeated.
 */
class SavepointRescaleIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void restartFromSavepointWithAnotherParallelismLosesAndRepeatsNothing(@TempDir Path savepoints)
      throws Exception {
    String topic = KAFKA.newTopic(2);
    KAFKA.broker().createTopic(topic + ".stats", 1);
    KAFKA.broker().createTopic(topic + ".rejects", 1);
    String bucket = S3.newBucket();
    List<LogEvent> first = TestLogs.events(0, 300);
    List<LogEvent> second = TestLogs.events(300, 300);
    List<String> produced =
        Stream.concat(first.stream(), second.stream()).map(LogEvent::getId).toList();
    JobOptions options = TestLogs.options(KAFKA.bootstrapServers(), topic, S3.endpoint(), bucket);

    try (TestLogs logs = new TestLogs(KAFKA.bootstrapServers(), topic, 2)) {
      logs.send(first);
      JobClient before = start(options.withParallelism(2), new Configuration());
      awaitArchived(bucket, 1);
      String savepoint =
          before
              .stopWithSavepoint(
                  false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(2, TimeUnit.MINUTES);

      logs.send(second);
      Configuration restore = new Configuration();
      restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      JobClient after = start(options.withParallelism(1), restore);
      awaitArchived(bucket, produced.size());
      after
          .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
          .get(2, TimeUnit.MINUTES);
    }

    List<String> archived =
        StoredTables.read(S3.client(), bucket, "logs", LogEvent.class).stream()
            .map(LogEvent::getId)
            .toList();
    assertThat(archived).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(produced);
    List<WindowStats> stats = StoredTables.read(S3.client(), bucket, "stats", WindowStats.class);
    assertThat(stats).isNotEmpty();
    Stats.assertNoDuplicateRevisions(stats);
  }

  private static JobClient start(JobOptions options, Configuration config) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(StrictTypes.apply(config.clone()));
    SluiceJob.build(env, options, JobIo.production(options));
    return env.executeAsync("sluice-savepoint-it");
  }

  private static void awaitArchived(String bucket, int distinct) {
    await("at least " + distinct + " events archived")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () ->
                new HashSet<>(
                            StoredTables.read(S3.client(), bucket, "logs", LogEvent.class).stream()
                                .map(LogEvent::getId)
                                .toList())
                        .size()
                    >= distinct);
  }
}
