package dev.sluice.processing.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.Incident;
import dev.sluice.ingest.demo.IncidentSchedule;
import dev.sluice.local.EmbeddedS3;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import dev.sluice.processing.JobIo;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.SluiceJob;
import dev.sluice.processing.StrictTypes;
import dev.sluice.processing.io.KafkaIo;
import dev.sluice.processing.io.S3Tables;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo traffic with one scheduled incident of every kind → the embedded broker → the job on a
 * MiniCluster with {@code --enable archive,anomalies} → the {@code anomalies} table and topic: one
 * anomaly per incident, of the right kind and service, and nothing else over the quiet stretches
 * before, between and after; archived events carry their template.
 */
class AnomalyDetectionIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  @Test
  void oneAnomalyPerInjectedIncidentAndNoOthers() throws Exception {
    String topic = KAFKA.newTopic(1);
    String anomaliesTopic = topic + ".anomalies";
    KAFKA.broker().createTopic(anomaliesTopic, 1);
    KAFKA.broker().createTopic(topic + ".rejects", 1);
    String bucket = S3.newBucket();
    IncidentSchedule schedule =
        IncidentSchedule.parse(
            "error-burst:payments:26m:4m, latency-rise:search:27m:4m,"
                + " traffic-spike:checkout:28m:4m, traffic-drop:inventory:29m:4m,"
                + " silence:auth:30m:4m, new-error-message:checkout:31m:4m");
    DemoConfig demo =
        DemoConfig.builder()
            .seed(7)
            .start(START)
            .duration(Duration.ofMinutes(45))
            .rateScale(0.5)
            .schedule(schedule)
            .build();

    long produced;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      produced =
          DemoLogs.generate(
              demo,
              e ->
                  producer.send(
                      new ProducerRecord<>(
                          topic,
                          0,
                          e.getService().getBytes(StandardCharsets.UTF_8),
                          Codecs.logEvents().encode(e))));
      producer.flush();
    }

    // One subtask for the single partition: event time then advances with the data, instead of
    // waiting for an idle second subtask, so silence is seen before the input ends (a silence
    // cut off by the end of a bounded input is, rightly, not reported).
    JobOptions options =
        JobOptions.parse(
            new String[] {
              "--bootstrap-servers",
              KAFKA.bootstrapServers(),
              "--topic",
              topic,
              "--group-id",
              "it-" + topic,
              "--rejects-topic",
              topic + ".rejects",
              "--anomalies-topic",
              anomaliesTopic,
              "--transactional-id-prefix",
              "it-" + topic,
              "--s3-endpoint",
              S3.endpoint(),
              "--s3-access-key",
              EmbeddedS3.ACCESS_KEY,
              "--bucket",
              bucket,
              "--checkpoint-interval",
              "500ms",
              "--roll-interval",
              "1s",
              "--out-of-orderness",
              "2s",
              "--idleness",
              "30s",
              "--parallelism",
              "1",
              "--enable",
              "archive,anomalies",
              // the detectors' defaults, but for one setting whose meaning is time: 25 of the
              // 45 simulated minutes learn the usual templates (the default is 2 h)
              "--anomaly",
              "template-warmup=25m"
            },
            Map.of(JobOptions.ENV_SECRET_KEY, EmbeddedS3.SECRET_KEY));
    JobIo io =
        new JobIo(
            KafkaIo.sourceBuilder(options)
                .setBounded(
                    OffsetsInitializer.offsets(Map.of(new TopicPartition(topic, 0), produced)))
                .build(),
            S3Tables.logs(options),
            null,
            null,
            S3Tables.rejects(options),
            KafkaIo.rejectsSink(options),
            S3Tables.anomalies(options),
            KafkaIo.anomaliesSink(options));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(StrictTypes.config());
    SluiceJob.build(env, options, io);
    env.executeAsync("anomalies-it").getJobExecutionResult().get(5, TimeUnit.MINUTES);

    List<Anomaly> stored = read(S3.client(), bucket, "anomalies", Anomaly.class);
    Map<String, List<Anomaly>> byId =
        stored.stream().collect(Collectors.groupingBy(Anomaly::getId));
    List<Anomaly> opens = stored.stream().filter(a -> a.getStatus() == AnomalyStatus.OPEN).toList();
    assertThat(opens).as("one OPEN per anomaly id").hasSize(byId.size());

    List<Incident> incidents = schedule.at(START);
    for (Incident incident : incidents) {
      assertThat(opens)
          .as("an anomaly for %s on %s", incident.kind(), incident.service())
          .filteredOn(a -> a.getKind() == incident.kind().anomalyKind())
          .filteredOn(a -> a.getService().equals(incident.service()))
          .filteredOn(a -> covers(incident, a))
          .hasSize(1);
    }
    assertThat(opens).as("nothing but the injected incidents").hasSize(incidents.size());
    for (List<Anomaly> incident : byId.values()) {
      assertThat(incident.get(incident.size() - 1).getStatus()).isEqualTo(AnomalyStatus.RESOLVED);
      assertThat(incident.get(0).getDescription()).isNotBlank();
    }
    assertThat(opens).allSatisfy(a -> assertThat(a.getExemplars()).isNotEmpty());

    await("the anomalies topic holds what the table holds")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(readTopic(KAFKA.bootstrapServers(), anomaliesTopic))
                    .containsExactlyInAnyOrderElementsOf(stored));

    List<LogEvent> archived = read(S3.client(), bucket, "logs", LogEvent.class);
    assertThat(archived).hasSize((int) produced);
    assertThat(archived).allSatisfy(e -> assertThat(e.getTemplateId()).isNotNull());
  }

  private static boolean covers(Incident incident, Anomaly a) {
    long start = a.getWindowStart().toEpochMilli();
    return start >= incident.start().toEpochMilli() - 60_000
        && start <= incident.end().toEpochMilli() + 60_000;
  }

  private static <T> List<T> read(MinioClient s3, String bucket, String table, Class<T> type)
      throws Exception {
    List<T> out = new ArrayList<>();
    for (Result<Item> r :
        s3.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(table + "/").recursive(true).build())) {
      String key = r.get().objectName();
      if (!key.endsWith(".avro")) {
        continue;
      }
      try (InputStream in =
              s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
          DataFileStream<T> file = new DataFileStream<>(in, new SpecificDatumReader<>(type))) {
        file.forEach(out::add);
      }
    }
    return out;
  }

  private static List<Anomaly> readTopic(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<Anomaly> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (consumer.position(tp) < end) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "read " + topic + " to " + consumer.position(tp) + " of " + end + " in 60 s: " + out);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(Codecs.anomalies().decode(r.value()));
        }
      }
    }
    return out;
  }
}
