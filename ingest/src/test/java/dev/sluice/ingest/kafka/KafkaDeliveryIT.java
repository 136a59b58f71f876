package dev.sluice.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.file.DeliveredPosition;
import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.ship.TopicReader;
import dev.sluice.local.junit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records handed over as a group ({@link KafkaDelivery#sendAll}) against a real broker: every one
 * arrives, in order and byte for byte, events and rejects are counted apart, the group is one
 * acknowledged record of its batch, and the budget is given back.
 */
class KafkaDeliveryIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  private static final byte[] KEY = "svc".getBytes(StandardCharsets.UTF_8);

  @Test
  void sendsAGroupOfEventsAndRejectsAndAcknowledgesItOnce() throws Exception {
    String logs = KAFKA.newTopic(1);
    String rejects = KAFKA.newTopic(1);
    List<OutgoingRecord> group = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      boolean reject = i % 50 == 7;
      byte[] value = ("record " + i + " " + "x".repeat(i % 97)).getBytes(StandardCharsets.UTF_8);
      group.add(new OutgoingRecord(reject ? rejects : logs, KEY, value, reject));
    }
    ShipMetrics metrics = new ShipMetrics();
    try (KafkaDelivery delivery = new KafkaDelivery(settings(logs, rejects), 1 << 20, metrics)) {
      assertThat(delivery.awaitKafka(() -> false)).isTrue();
      CompletableFuture<Void> acknowledged = new CompletableFuture<>();
      DeliveredPosition.Batch batch = new DeliveredPosition(0).openBatch(listener(acknowledged));

      assertThat(delivery.sendAll(group, batch, () -> false)).isTrue();
      batch.seal(group.size());
      acknowledged.get(60, TimeUnit.SECONDS);

      assertThat(metrics.eventsSent.sum()).isEqualTo(490);
      assertThat(metrics.rejectsSent.sum()).isEqualTo(10);
      assertThat(delivery.inFlightRecords()).isZero();
      assertThat(delivery.inFlightBytes()).isZero();
    }
    assertThat(values(logs, 490)).containsExactlyElementsOf(valuesOf(group, logs));
    assertThat(values(rejects, 10)).containsExactlyElementsOf(valuesOf(group, rejects));
  }

  @Test
  void sendsAGroupLargerThanTheBudgetRecordByRecord() throws Exception {
    String logs = KAFKA.newTopic(1);
    List<OutgoingRecord> group = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      group.add(new OutgoingRecord(logs, KEY, new byte[1000 + i], false));
    }
    ShipMetrics metrics = new ShipMetrics();
    // 20,000 bytes of budget: the group takes about 220,000, more than the whole budget
    try (KafkaDelivery delivery = new KafkaDelivery(settings(logs, logs), 20_000, metrics)) {
      assertThat(delivery.awaitKafka(() -> false)).isTrue();
      CompletableFuture<Void> acknowledged = new CompletableFuture<>();
      DeliveredPosition.Batch batch = new DeliveredPosition(0).openBatch(listener(acknowledged));

      assertThat(delivery.sendAll(group, batch, () -> false)).isTrue();
      batch.seal(group.size());
      acknowledged.get(60, TimeUnit.SECONDS);

      assertThat(metrics.eventsSent.sum()).isEqualTo(200);
      assertThat(delivery.inFlightBytes()).isZero();
    }
    assertThat(values(logs, 200)).containsExactlyElementsOf(valuesOf(group, logs));
  }

  private static KafkaSettings settings(String topic, String rejects) {
    return new KafkaSettings(KAFKA.bootstrapServers(), topic, rejects, "zstd", 5, 16384, Map.of());
  }

  private static DeliveredPosition.Listener listener(CompletableFuture<Void> acknowledged) {
    return new DeliveredPosition.Listener() {
      @Override
      public void delivered() {
        acknowledged.complete(null);
      }

      @Override
      public void failed(RuntimeException cause) {
        acknowledged.completeExceptionally(cause);
      }
    };
  }

  private static List<String> valuesOf(List<OutgoingRecord> records, String topic) {
    return records.stream()
        .filter(r -> r.topic().equals(topic))
        .map(r -> new String(r.value(), StandardCharsets.ISO_8859_1))
        .toList();
  }

  /**
   * The values of the topic's one partition, in order (as Latin-1 text, byte for byte), each with
   * the record key the senders used.
   */
  private static List<String> values(String topic, int count) {
    try (TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
      List<ConsumerRecord<byte[], byte[]>> records =
          reader.awaitAtLeast(count, Duration.ofSeconds(60));
      List<String> values = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        assertThat(r.key()).isEqualTo(KEY);
        values.add(new String(r.value(), StandardCharsets.ISO_8859_1));
      }
      return values;
    }
  }
}
