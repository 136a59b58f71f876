package dev.sluice.ingest.http;

import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic's events from the start, for assertions; waits on a condition with a deadline. */
final class KafkaEvents implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<LogEvent> events = new ArrayList<>();

  KafkaEvents(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls until {@code done} holds for the events read so far, or fails after {@code timeout}. */
  List<LogEvent> awaitUntil(Predicate<List<LogEvent>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(events)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout + "; got " + events.size() + " events");
      }
      consumer
          .poll(Duration.ofMillis(200))
          .forEach(r -> events.add(Codecs.logEvents().decode(r.value())));
    }
    return events;
  }

  /** Polls until an event with {@code message} arrived and returns everything read so far. */
  List<LogEvent> awaitMessage(String message) {
    return awaitUntil(
        list -> list.stream().anyMatch(e -> e.getMessage().equals(message)),
        Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    consumer.close();
  }
}
