package dev.sluice.processing.it;

import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces test traffic to a topic and remembers where each partition ends. */
final class TestLogs implements AutoCloseable {
  static final long BASE = 1_790_000_000_000L; // a fixed instant, whole minute
  private static final String[] SERVICES = {"checkout", "search", "auth"};
  private static final String[] HOSTS = {"h1", "h2"};

  private final String topic;
  private final int partitions;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Map<TopicPartition, Long> endOffsets = new HashMap<>();

  TestLogs(String bootstrapServers, String topic, int partitions) {
    this.topic = topic;
    this.partitions = partitions;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    for (int i = 0; i < partitions; i++) {
      endOffsets.put(new TopicPartition(topic, i), 0L);
    }
  }

  /** {@code n} events numbered from {@code first}, 1 s apart from BASE, over services and hosts. */
  static List<LogEvent> events(int first, int n) {
    List<LogEvent> events = new ArrayList<>();
    for (int i = first; i < first + n; i++) {
      String service = SERVICES[i % SERVICES.length];
      String host = HOSTS[i % HOSTS.length];
      int status = i % 10 == 0 ? 503 : 200;
      events.add(
          TestEvents.request(
              "e-" + i,
              BASE + i * 1000L,
              service,
              host,
              status,
              i % 100,
              "10.0.0." + i % 7,
              "/p" + i % 5));
    }
    return events;
  }

  /**
   * Sends events, each to partition {@code i % partitions} (keeps per-partition event time order).
   */
  void send(List<LogEvent> events) {
    for (LogEvent event : events) {
      int i = Integer.parseInt(event.getId().substring(2));
      sendRaw(i % partitions, event.getService(), Codecs.logEvents().encode(event));
    }
    producer.flush();
  }

  void sendRaw(int partition, String key, byte[] value) {
    producer.send(
        new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), value));
    endOffsets.merge(new TopicPartition(topic, partition), 1L, Long::sum);
  }

  void flush() {
    producer.flush();
  }

  /** The offset after the last record sent, per partition. */
  Map<TopicPartition, Long> endOffsets() {
    return new HashMap<>(endOffsets);
  }

  @Override
  public void close() {
    producer.close();
  }

  /** Options for a test run: small windows of 1 minute, fast checkpoints and file rolling. */
  static JobOptions options(
      String bootstrap, String topic, String s3Endpoint, String bucket, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                bootstrap,
                "--topic",
                topic,
                "--group-id",
                "it-" + topic,
                "--stats-topic",
                topic + ".stats",
                "--rejects-topic",
                topic + ".rejects",
                "--transactional-id-prefix",
                "it-" + topic,
                "--s3-endpoint",
                s3Endpoint,
                "--s3-access-key",
                dev.sluice.local.EmbeddedS3.ACCESS_KEY,
                "--bucket",
                bucket,
                "--checkpoint-interval",
                "300ms",
                "--roll-interval",
                "1s",
                "--window",
                "1m",
                "--allowed-lateness",
                "10s",
                "--out-of-orderness",
                "2s",
                "--idleness",
                "1s",
                "--parallelism",
                "2"));
    args.addAll(List.of(more));
    return JobOptions.parse(
        args.toArray(String[]::new),
        Map.of(JobOptions.ENV_SECRET_KEY, dev.sluice.local.EmbeddedS3.SECRET_KEY));
  }

  static String garbage() {
    return "this is not a LogEvent";
  }

  static byte[] garbageBytes() {
    return garbage().getBytes(StandardCharsets.UTF_8);
  }
}
