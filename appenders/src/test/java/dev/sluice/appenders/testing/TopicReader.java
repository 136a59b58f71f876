package dev.sluice.appenders.testing;

import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic from its start, for assertions; each call reads up to the current end. */
public final class TopicReader implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

  public TopicReader(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Every record written so far (reads up to the end offsets as of this call). */
  public List<ConsumerRecord<byte[], byte[]>> readToEnd() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("could not read up to " + end);
      }
      consumer.poll(Duration.ofMillis(100)).forEach(records::add);
    }
    return List.copyOf(records);
  }

  /** {@link #readToEnd()}, decoded. */
  public List<LogEvent> eventsToEnd() {
    return readToEnd().stream().map(r -> Codecs.logEvents().decode(r.value())).toList();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
