package dev.sluice.processing.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.WindowStats;
import dev.sluice.model.codec.Codecs;
import dev.sluice.processing.JobIo;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.SluiceJob;
import dev.sluice.processing.StrictTypes;
import dev.sluice.processing.io.KafkaIo;
import dev.sluice.processing.io.S3Tables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job fails in the middle of the stream after a checkpoint has committed files; Flink restarts
 * it from that checkpoint; the archive still holds each event exactly once, and with Kafka
 * transactions so do the topics.
 */
class ExactlyOnceAfterFailureIT {
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
  void archiveHoldsEveryEventExactlyOnceAfterAFailureAfterACheckpoint() throws Exception {
    Run run = runWithAFailureAfterACheckpoint();

    List<String> archived =
        StoredTables.read(S3.client(), run.bucket, "logs", LogEvent.class).stream()
            .map(LogEvent::getId)
            .toList();
    assertThat(archived).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(run.produced);

    List<WindowStats> stats =
        StoredTables.read(S3.client(), run.bucket, "stats", WindowStats.class);
    Stats.assertNoDuplicateRevisions(stats);
    assertThat(
            Stats.latestRevisions(stats).stream()
                .filter(s -> s.getHost() == null)
                .mapToLong(s -> s.getCount() + s.getLateEvents())
                .sum())
        .isEqualTo(run.produced.size());
  }

  /**
   * With {@code --kafka-delivery exactly-once}, a read_committed consumer of the stats, anomalies
   * and rejects topics sees exactly what the exactly-once S3 tables hold: every record once, none
   * of the failed attempt's uncommitted ones.
   */
  @Test
  void kafkaTopicsHoldEveryRecordExactlyOnceWithTransactionsAfterAFailure() throws Exception {
    Run run =
        runWithAFailureAfterACheckpoint(
            "--kafka-delivery", "exactly-once", "--enable", "archive,stats,anomalies");

    List<WindowStats> statsTable =
        StoredTables.read(S3.client(), run.bucket, "stats", WindowStats.class);
    Stats.assertNoDuplicateRevisions(statsTable);
    List<WindowStats> statsTopic =
        TopicReader.readCommitted(
            KAFKA.bootstrapServers(), run.topic + ".stats", Codecs.windowStats()::decode);
    assertThat(statsTopic).isNotEmpty().containsExactlyInAnyOrderElementsOf(statsTable);
    assertThat(
            Stats.latestRevisions(statsTopic).stream()
                .filter(s -> s.getHost() == null)
                .mapToLong(s -> s.getCount() + s.getLateEvents())
                .sum())
        .isEqualTo(run.produced.size());

    List<Anomaly> anomaliesTopic =
        TopicReader.readCommitted(
            KAFKA.bootstrapServers(), run.topic + ".anomalies", Codecs.anomalies()::decode);
    assertThat(anomaliesTopic)
        .containsExactlyInAnyOrderElementsOf(
            StoredTables.read(S3.client(), run.bucket, "anomalies", Anomaly.class));

    List<Reject> rejectsTopic =
        TopicReader.readCommitted(
            KAFKA.bootstrapServers(), run.topic + ".rejects", Codecs.rejects()::decode);
    assertThat(rejectsTopic)
        .hasSize(1)
        .containsExactlyElementsOf(
            StoredTables.read(S3.client(), run.bucket, "rejects", Reject.class));
  }

  private record Run(String topic, String bucket, List<String> produced) {}

  /**
   * Sends 300 events and one undecodable record, starts the job, waits until a checkpoint committed
   * files, sends 300 more; the source fails once in the second batch and Flink restarts the job
   * from its last checkpoint.
   */
  private Run runWithAFailureAfterACheckpoint(String... more) throws Exception {
    String topic = KAFKA.newTopic(2);
    KAFKA.broker().createTopic(topic + ".stats", 1);
    KAFKA.broker().createTopic(topic + ".rejects", 1);
    KAFKA.broker().createTopic(topic + ".anomalies", 1);
    String bucket = S3.newBucket();
    List<LogEvent> first = TestLogs.events(0, 300);
    List<LogEvent> second = TestLogs.events(300, 300);
    // Each partition gets 150 events of each batch (partition 1 one undecodable record more);
    // fail at partition 0, offset 200 (batch two).
    Map<TopicPartition, Long> end =
        Map.of(new TopicPartition(topic, 0), 300L, new TopicPartition(topic, 1), 301L);
    FailOnceDeserializer.FAILED.set(false);

    List<String> args = new ArrayList<>(List.of("--anomalies-topic", topic + ".anomalies"));
    args.addAll(List.of(more));
    JobOptions options =
        TestLogs.options(
            KAFKA.bootstrapServers(), topic, S3.endpoint(), bucket, args.toArray(String[]::new));
    boolean anomalies = options.enabled(JobOptions.Feature.ANOMALIES);
    JobIo io =
        new JobIo(
            KafkaIo.sourceBuilder(options)
                .setDeserializer(new FailOnceDeserializer(0, 200))
                .setBounded(OffsetsInitializer.offsets(end))
                .build(),
            S3Tables.logs(options),
            S3Tables.stats(options),
            KafkaIo.statsSink(options),
            S3Tables.rejects(options),
            KafkaIo.rejectsSink(options),
            anomalies ? S3Tables.anomalies(options) : null,
            anomalies ? KafkaIo.anomaliesSink(options) : null);
    Configuration restarts = new Configuration();
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(StrictTypes.apply(restarts));
    SluiceJob.build(env, options, io);

    try (TestLogs logs = new TestLogs(KAFKA.bootstrapServers(), topic, 2)) {
      logs.send(first);
      logs.sendRaw(1, "bad", TestLogs.garbageBytes());
      logs.flush();
      JobClient job = env.executeAsync("sluice-failure-it");
      await("a checkpoint committed part of the first batch")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !StoredTables.read(S3.client(), bucket, "logs", LogEvent.class).isEmpty());
      logs.send(second);
      job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
    }

    assertThat(FailOnceDeserializer.FAILED).isTrue();
    List<String> produced =
        java.util.stream.Stream.concat(first.stream(), second.stream())
            .map(LogEvent::getId)
            .toList();
    return new Run(topic, bucket, produced);
  }
}
