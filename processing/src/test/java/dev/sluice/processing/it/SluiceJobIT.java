package dev.sluice.processing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.local.junit.S3Extension;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events produced to a real broker, the job on a MiniCluster, the tables read back from S3. */
class SluiceJobIT {
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
  void archivesExactlyTheProducedEventsAndTheStatsAddUpToThem() throws Exception {
    String topic = KAFKA.newTopic(2);
    KAFKA.broker().createTopic(topic + ".stats", 1);
    KAFKA.broker().createTopic(topic + ".rejects", 1);
    String bucket = S3.newBucket();
    List<LogEvent> events = TestLogs.events(0, 600); // ten one-minute windows
    Map<org.apache.kafka.common.TopicPartition, Long> end;
    try (TestLogs logs = new TestLogs(KAFKA.bootstrapServers(), topic, 2)) {
      logs.send(events);
      logs.sendRaw(0, "bad", TestLogs.garbageBytes());
      logs.flush();
      end = logs.endOffsets();
    }
    JobOptions options =
        TestLogs.options(
            KAFKA.bootstrapServers(), topic, S3.endpoint(), bucket, "--idleness", "30s");
    JobIo io =
        new JobIo(
            KafkaIo.sourceBuilder(options).setBounded(OffsetsInitializer.offsets(end)).build(),
            S3Tables.logs(options),
            S3Tables.stats(options),
            KafkaIo.statsSink(options),
            S3Tables.rejects(options),
            KafkaIo.rejectsSink(options));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(StrictTypes.config());
    SluiceJob.build(env, options, io);
    env.executeAsync("sluice-it").getJobExecutionResult().get(3, TimeUnit.MINUTES);

    List<LogEvent> archived = StoredTables.read(S3.client(), bucket, "logs", LogEvent.class);
    assertThat(archived.stream().map(LogEvent::getId))
        .containsExactlyInAnyOrderElementsOf(events.stream().map(LogEvent::getId).toList());
    assertThat(archived).containsExactlyInAnyOrderElementsOf(events);

    List<WindowStats> stats = StoredTables.read(S3.client(), bucket, "stats", WindowStats.class);
    List<WindowStats> latest = Stats.latestRevisions(stats);
    List<WindowStats> perService = latest.stream().filter(s -> s.getHost() == null).toList();
    assertThat(perService.stream().mapToLong(s -> s.getCount() + s.getLateEvents()).sum())
        .isEqualTo(events.size());
    Map<String, Long> hostSums =
        latest.stream()
            .filter(s -> s.getHost() != null)
            .collect(
                Collectors.groupingBy(
                    Stats::serviceWindow, Collectors.summingLong(s -> s.getCount())));
    for (WindowStats s : perService) {
      assertThat(hostSums.get(Stats.serviceWindow(s)))
          .as(Stats.serviceWindow(s))
          .isEqualTo(s.getCount());
      assertThat(s.getLatencyP95Ms()).isNotNull();
      assertThat(s.getDistinctClients()).isPositive();
    }
    assertThat(perService.stream().map(WindowStats::getService).distinct())
        .containsExactlyInAnyOrder("checkout", "search", "auth");
    Stats.assertNoDuplicateRevisions(stats);
    List<WindowStats> topic0 =
        TopicReader.readCommitted(
            KAFKA.bootstrapServers(), topic + ".stats", Codecs.windowStats()::decode);
    assertThat(topic0).containsExactlyInAnyOrderElementsOf(stats);

    List<Reject> rejects = StoredTables.read(S3.client(), bucket, "rejects", Reject.class);
    assertThat(rejects).hasSize(1);
    assertThat(rejects.get(0).getStage()).isEqualTo("decode");
    assertThat(rejects.get(0).getReason()).isNotBlank();
    assertThat(rejects.get(0).getOffset()).isEqualTo(300L);
    assertThat(
            TopicReader.readCommitted(
                KAFKA.bootstrapServers(), topic + ".rejects", Codecs.rejects()::decode))
        .containsExactlyElementsOf(rejects);
  }
}
