package dev.sluice.ingest.syslog;

import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic from its start as {@link LogEvent}s, for assertions. */
public final class TopicEvents implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<LogEvent> events = new ArrayList<>();

  public TopicEvents(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls until at least {@code count} events were read; fails after {@code timeout}. */
  public List<LogEvent> awaitAtLeast(long count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited " + timeout + " for " + count + " events, got " + events.size());
      }
      poll();
    }
    return events;
  }

  /** Reads what has arrived so far (one poll). */
  public List<LogEvent> poll() {
    consumer
        .poll(Duration.ofMillis(200))
        .forEach(r -> events.add(Codecs.logEvents().decode(r.value())));
    return events;
  }

  public List<LogEvent> events() {
    return events;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
