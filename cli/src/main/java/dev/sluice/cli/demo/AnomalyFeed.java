package dev.sluice.cli.demo;

import dev.sluice.model.Anomaly;
import dev.sluice.model.codec.Codecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the {@code anomalies} topic from its beginning, without a consumer group, and keeps every
 * record it has seen. The topic is at-least-once: a record seen twice (same id, status and
 * detection time) is kept once.
 *
 * <p>Guarantees: {@link #poll()} returns each distinct record once, in topic order; records that do
 * not decode are skipped, never fatal. Not thread-safe: one caller polls.
 */
public final class AnomalyFeed implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Anomaly> seen = new LinkedHashMap<>();

  public AnomalyFeed(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
            .map(i -> new TopicPartition(topic, i.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Records that arrived since the last call (waits at most {@code wait} for the first). */
  public List<Anomaly> poll(Duration wait) {
    List<Anomaly> fresh = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      Anomaly a;
      try {
        a = Codecs.anomalies().decode(r.value());
      } catch (RuntimeException e) {
        continue;
      }
      String key = a.getId() + "/" + a.getStatus() + "/" + a.getDetectedAt();
      if (seen.putIfAbsent(key, a) == null) {
        fresh.add(a);
      }
    }
    return fresh;
  }

  /** Every distinct record seen so far. */
  public List<Anomaly> all() {
    return List.copyOf(seen.values());
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
