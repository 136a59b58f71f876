package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.local.StandaloneFlinkCluster;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's path: the shaded job jar, submitted with {@code sluice submit} to a standalone
 * Flink session cluster (JobManager and TaskManager as separate JVMs), archives what the broker
 * holds into the {@code logs} table, each event once.
 */
class SluiceJobOnStandaloneClusterIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  static final Path JOB_JAR = Path.of("..", "processing", "target", "sluice-job.jar");
  static final int EVENTS = 3_000;

  @TempDir Path temp;

  @Test
  void submittedJobJarArchivesEveryEventOnce() throws Exception {
    assertThat(JOB_JAR).as("built by the processing module's package phase").exists();
    String topic = KAFKA.newTopic(2);
    String bucket = S3.newBucket();
    List<String> ids = produce(topic, EVENTS);
    Path secret = Files.writeString(temp.resolve("s3-secret"), S3.secretKey());

    try (StandaloneFlinkCluster cluster =
        StandaloneFlinkCluster.start(
            1,
            2,
            Map.of(
                "execution.checkpointing.dir", temp.resolve("checkpoints").toUri().toString()))) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Main.run(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "submit",
              "--flink",
              cluster.restEndpoint().toString(),
              "--jar",
              JOB_JAR.toString(),
              "--",
              "--bootstrap-servers",
              KAFKA.bootstrapServers(),
              "--topic",
              topic,
              "--group-id",
              "submit-it",
              "--starting-offsets",
              "earliest",
              "--s3-endpoint",
              S3.endpoint(),
              "--s3-access-key",
              S3.accessKey(),
              "--s3-secret-key-file",
              secret.toString(),
              "--bucket",
              bucket,
              "--checkpoint-interval",
              "1s",
              "--roll-interval",
              "5s",
              "--parallelism",
              "2",
              "--enable",
              "archive,stats");
      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString().trim()).matches("[0-9a-f]{32}");

      MinioClient s3 = S3.client();
      try {
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(archivedIds(s3, bucket)).hasSize(EVENTS));
      } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "archive incomplete; objects: "
                + allKeys(s3, bucket)
                + "; cluster logs:"
                + cluster.logTails(60),
            e);
      }
      assertThat(archivedIds(s3, bucket)).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  private static List<String> produce(String topic, int count) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    List<String> ids = new ArrayList<>();
    // Recent event times: Kafka rejects record timestamps more than an hour in the future.
    Instant start = Instant.now().minus(Duration.ofMinutes(30));
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        String service = "svc-" + (i % 3);
        LogEvent event =
            LogEvent.newBuilder()
                .setId("submit-it-" + i)
                .setEventTime(start.plusMillis(i * 100L))
                .setIngestTime(start.plusMillis(i * 100L))
                .setService(service)
                .setHost("host-" + (i % 2))
                .setLevel(i % 7 == 0 ? Level.ERROR : Level.INFO)
                .setMessage("request " + i + " done")
                .build();
        producer.send(new ProducerRecord<>(topic, service, Codecs.logEvents().encode(event)));
        ids.add(event.getId());
      }
      producer.flush();
    }
    return ids;
  }

  private static List<String> allKeys(MinioClient s3, String bucket) throws Exception {
    List<String> keys = new ArrayList<>();
    for (Result<Item> result :
        s3.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
      keys.add(result.get().objectName() + " (" + result.get().size() + ")");
    }
    return keys;
  }

  /** Every event id in the committed {@code logs} table, duplicates included. */
  private static List<String> archivedIds(MinioClient s3, String bucket) throws Exception {
    List<String> ids = new ArrayList<>();
    for (Result<Item> result :
        s3.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix("logs/").recursive(true).build())) {
      String key = result.get().objectName();
      if (!key.endsWith(".avro")) {
        continue;
      }
      try (InputStream in =
              s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
          DataFileStream<LogEvent> events =
              new DataFileStream<>(in, new SpecificDatumReader<>(LogEvent.class))) {
        for (LogEvent event : events) {
          ids.add(event.getId());
        }
      }
    }
    return ids;
  }
}
