package dev.sluice.ingest.ship;

import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.codec.Codecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic from the start, for assertions; waits on a condition with a deadline. */
public final class TopicReader implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
  private final List<LogEvent> events = new ArrayList<>();
  private final Set<String> messages = new HashSet<>();

  public TopicReader(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    List<TopicPartition> assigned =
        partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
  }

  /** Polls until at least {@code count} records were read, or fails after {@code timeout}. */
  public List<ConsumerRecord<byte[], byte[]>> awaitAtLeast(long count, Duration timeout) {
    return awaitUntil(() -> records.size() >= count, timeout, () -> "at least " + count);
  }

  /** Polls until {@code done} holds, or fails after {@code timeout}. */
  public List<ConsumerRecord<byte[], byte[]>> awaitUntil(
      java.util.function.BooleanSupplier done, Duration timeout, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited " + timeout + " for " + what.get() + " records, got " + records.size());
      }
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  /** Reads whatever arrives within {@code quiet} more. */
  public List<ConsumerRecord<byte[], byte[]>> drainFor(Duration quiet) {
    long deadline = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    }
    return records;
  }

  public List<ConsumerRecord<byte[], byte[]>> records() {
    return records;
  }

  /** The records read so far, decoded as events (each decoded once, as it arrives). */
  public List<LogEvent> events() {
    for (int i = events.size(); i < records.size(); i++) {
      LogEvent event = Codecs.logEvents().decode(records.get(i).value());
      events.add(event);
      messages.add(event.getMessage());
    }
    return events;
  }

  /** The distinct messages of the events read so far. */
  public Set<String> messages() {
    events();
    return messages;
  }

  public List<Reject> rejects() {
    return records.stream()
        .map(r -> Codecs.rejects().decode(r.value()))
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    consumer.close();
  }
}
