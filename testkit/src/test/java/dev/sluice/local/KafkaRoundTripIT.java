package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.Codecs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaRoundTripIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  private final AvroWireCodec<LogEvent> codec = Codecs.logEvents();

  @Test
  void logEventsProducedThroughTheCodecAreConsumedIntact() throws Exception {
    String topic = KAFKA.newTopic(3);
    List<LogEvent> sent = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      sent.add(
          LogEvent.newBuilder()
              .setId("it-" + i)
              .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + i))
              .setIngestTime(Instant.ofEpochMilli(1_700_000_000_000L + i + 5))
              .setService("svc-" + (i % 4))
              .setLevel(i % 10 == 0 ? Level.ERROR : Level.INFO)
              .setMessage("message number " + i)
              .setAttributes(Map.of("n", Integer.toString(i)))
              .build());
    }

    Map<String, Object> producerConfig =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            KAFKA.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
      for (LogEvent event : sent) {
        producer.send(new ProducerRecord<>(topic, event.getService(), codec.encode(event)));
      }
      producer.flush();
    }

    Map<String, Object> consumerConfig =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "round-trip",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<LogEvent> received = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < sent.size() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          LogEvent event = codec.decode(record.value());
          assertThat(record.key()).isEqualTo(event.getService());
          received.add(event);
        }
      }
    }

    assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
  }
}
