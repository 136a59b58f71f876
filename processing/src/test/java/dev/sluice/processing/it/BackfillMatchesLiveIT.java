package dev.sluice.processing.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.DemoServices;
import dev.sluice.ingest.demo.Incident;
import dev.sluice.ingest.demo.IncidentSchedule;
import dev.sluice.ingest.demo.ServiceProfile;
import dev.sluice.local.EmbeddedS3;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.LogEvent;
import dev.sluice.model.WindowStats;
import dev.sluice.model.codec.Codecs;
import dev.sluice.processing.JobIo;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.SluiceJob;
import dev.sluice.processing.anomaly.DemoLogs;
import dev.sluice.processing.io.KafkaIo;
import dev.sluice.processing.io.S3Tables;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backfill gives what live traffic gives. The same demo traffic (six services, one incident of
 * every kind) goes through the whole job twice: once "live" — produced in time order into a
 * 1-partition topic while the job reads it — and once as a backfill of finished data — every event
 * already in a 3-partition topic, each service on the partition the shipper's key (the service)
 * hashes to, one partition produced completely after the other, read at parallelism 2 (so one
 * source subtask reads two partitions whose event times are far apart). Both runs give the same
 * stats rows, the same anomalies (kind, service, host, window), and no late events.
 *
 * <p>Shortened from a day to 45 simulated minutes at half the demo's rate (about 60 000 events) so
 * both runs fit the test's time; the detectors' warm-ups are shortened to match.
 */
class BackfillMatchesLiveIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  /** Lines of one file the shipper reads in one go (its 256 KiB buffer of ~250-byte lines). */
  private static final int CHUNK = 1000;

  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final IncidentSchedule SCHEDULE =
      IncidentSchedule.parse(
          "error-burst:payments:26m:4m, latency-rise:search:27m:4m,"
              + " traffic-spike:checkout:28m:4m, traffic-drop:inventory:29m:4m,"
              + " silence:auth:30m:4m, new-error-message:checkout:31m:4m");

  @Test
  void aBackfillIntoThreePartitionsGivesTheStatsAndAnomaliesOfLiveTrafficIntoOne()
      throws Exception {
    // The five demo services hash to partitions 1 and 2 of 3; a sixth, on partition 0, makes one
    // source subtask read two partitions that both hold data.
    List<ServiceProfile> services = new ArrayList<>(DemoServices.defaults());
    ServiceProfile like =
        services.stream().filter(s -> s.name().equals("inventory")).findFirst().orElseThrow();
    services.add(
        new ServiceProfile(
            "frontend",
            like.hosts(),
            like.requestsPerSecond(),
            like.format(),
            like.endpoints(),
            like.loggers(),
            like.info(),
            like.debug(),
            like.warn(),
            like.error(),
            like.stackTraces()));
    DemoConfig demo =
        DemoConfig.builder()
            .services(services)
            .seed(7)
            .start(START)
            .duration(Duration.ofMinutes(40))
            .rateScale(0.4)
            .schedule(SCHEDULE)
            .build();
    List<LogEvent> events = new ArrayList<>();
    DemoLogs.generate(demo, events::add);

    Result live = live(events);
    Result backfill = backfill(events);

    assertThat(live.stats).isNotEmpty();
    assertThat(live.stats.stream().mapToLong(WindowStats::getLateEvents).sum())
        .as("late events, live")
        .isZero();
    assertThat(backfill.stats.stream().mapToLong(WindowStats::getLateEvents).sum())
        .as("late events, backfill")
        .isZero();
    assertThat(backfill.stats.stream().filter(s -> s.getRevision() > 0).map(Stats::key))
        .as("windows updated by events behind the watermark, backfill")
        .isEmpty();
    assertThat(
            live.stats.stream()
                .filter(s -> s.getHost() == null)
                .mapToLong(WindowStats::getCount)
                .sum())
        .as("every event counted once")
        .isEqualTo(events.size());
    assertThat(byKey(backfill.stats)).isEqualTo(byKey(live.stats));

    // Meaningful only if live traffic finds what was injected.
    for (Incident incident : SCHEDULE.at(START)) {
      assertThat(live.opened)
          .as("live finds %s on %s", incident.kind(), incident.service())
          .anyMatch(
              a -> a.startsWith(incident.kind().anomalyKind() + " " + incident.service() + " "));
    }
    assertThat(backfill.opened).isEqualTo(live.opened);
  }

  private record Result(List<WindowStats> stats, Set<String> opened) {}

  /** In time order into one partition, produced while the job reads. */
  private Result live(List<LogEvent> events) throws Exception {
    String topic = KAFKA.newTopic(1);
    Map<TopicPartition, Long> end = Map.of(new TopicPartition(topic, 0), (long) events.size());
    JobOptions options = options(topic, 1);
    JobClient job = start(options, end);
    CompletableFuture<Void> producing =
        CompletableFuture.runAsync(
            () -> {
              try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (LogEvent e : events) {
                  producer.send(record(topic, 0, e));
                }
              }
            });
    producing.get(3, TimeUnit.MINUTES);
    job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
    return result(options);
  }

  /**
   * Everything already in three partitions (each service on the partition its key hashes to, as the
   * shipper sends it), one partition after the other, the last one first; read at parallelism 2.
   */
  private Result backfill(List<LogEvent> events) throws Exception {
    int partitions = 3;
    String topic = KAFKA.newTopic(partitions);
    Map<Integer, List<LogEvent>> byPartition = new TreeMap<>();
    for (LogEvent e : events) {
      byPartition
          .computeIfAbsent(partitionOf(e.getService(), partitions), p -> new ArrayList<>())
          .add(e);
    }
    assertThat(byPartition.keySet()).as("services spread over partitions").hasSizeGreaterThan(1);
    Map<TopicPartition, Long> end = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int p = partitions - 1; p >= 0; p--) {
        List<LogEvent> own = byPartition.getOrDefault(p, List.of());
        for (LogEvent e : own) {
          producer.send(record(topic, p, e));
        }
        producer.flush();
        end.put(new TopicPartition(topic, p), (long) own.size());
      }
    }
    JobOptions options = options(topic, 2);
    start(options, end).getJobExecutionResult().get(3, TimeUnit.MINUTES);
    return result(options);
  }

  /**
   * The services' events as {@code sluice ship} sends finished files side by side: {@value #CHUNK}
   * lines of each file in turn (it reads a buffer of each file in turn), each file in time order,
   * so the files drift apart in event time by their services' rates.
   */
  private static List<LogEvent> asShipped(Collection<List<LogEvent>> files) {
    List<LogEvent> out = new ArrayList<>();
    List<Iterator<LogEvent>> readers = files.stream().map(List::iterator).toList();
    boolean more = true;
    while (more) {
      more = false;
      for (Iterator<LogEvent> file : readers) {
        for (int i = 0; i < CHUNK && file.hasNext(); i++) {
          out.add(file.next());
        }
        more |= file.hasNext();
      }
    }
    return out;
  }

  private static int partitionOf(String service, int partitions) {
    return BuiltInPartitioner.partitionForKey(service.getBytes(StandardCharsets.UTF_8), partitions);
  }

  private static JobClient start(JobOptions options, Map<TopicPartition, Long> end)
      throws Exception {
    JobIo io =
        new JobIo(
            KafkaIo.sourceBuilder(options).setBounded(OffsetsInitializer.offsets(end)).build(),
            null,
            S3Tables.stats(options),
            null,
            S3Tables.rejects(options),
            null,
            S3Tables.anomalies(options),
            null);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    SluiceJob.build(env, options, io);
    return env.executeAsync("backfill-it-" + options.topic());
  }

  private static Result result(JobOptions options) {
    List<WindowStats> stats =
        StoredTables.read(S3.client(), options.bucket(), "stats", WindowStats.class);
    Set<String> opened =
        StoredTables.read(S3.client(), options.bucket(), "anomalies", Anomaly.class).stream()
            .filter(a -> a.getStatus() == AnomalyStatus.OPEN)
            .map(
                a ->
                    a.getKind()
                        + " "
                        + a.getService()
                        + " "
                        + a.getHost()
                        + " "
                        + a.getWindowStart())
            .collect(Collectors.toCollection(TreeSet::new));
    return new Result(stats, opened);
  }

  private static Map<String, WindowStats> byKey(List<WindowStats> stats) {
    Stats.assertNoDuplicateRevisions(stats);
    return stats.stream()
        .collect(
            Collectors.toMap(
                s -> Stats.key(s) + "#" + s.getRevision(), s -> s, (a, b) -> a, TreeMap::new));
  }

  private static JobOptions options(String topic, int parallelism) {
    String bucket = S3.newBucket();
    return JobOptions.parse(
        new String[] {
          "--bootstrap-servers",
          KAFKA.bootstrapServers(),
          "--topic",
          topic,
          "--group-id",
          "it-" + topic,
          "--transactional-id-prefix",
          "it-" + topic,
          "--s3-endpoint",
          S3.endpoint(),
          "--s3-access-key",
          EmbeddedS3.ACCESS_KEY,
          "--bucket",
          bucket,
          "--checkpoint-interval",
          "1s",
          "--roll-interval",
          "5s",
          "--out-of-orderness",
          "2s",
          "--idleness",
          "30s",
          "--parallelism",
          String.valueOf(parallelism),
          "--enable",
          "stats,anomalies",
          "--anomaly",
          "template-warmup=25m,warmup-windows=10"
        },
        Map.of(JobOptions.ENV_SECRET_KEY, EmbeddedS3.SECRET_KEY));
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, int partition, LogEvent e) {
    return new ProducerRecord<>(
        topic,
        partition,
        e.getService().getBytes(StandardCharsets.UTF_8),
        Codecs.logEvents().encode(e));
  }
}
