package dev.sluice.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-off queue takes a read's records at once, pauses a full queue's sender, resumes it. */
class DeliveryQueueTest {
  private static OutgoingRecord record(int valueBytes) {
    return new OutgoingRecord("logs", new byte[4], new byte[valueBytes], false);
  }

  private static List<OutgoingRecord> records(int n, int valueBytes) {
    List<OutgoingRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(record(valueBytes));
    }
    return records;
  }

  @Test
  void takesEveryRecordOfAReadAndPausesTheConnectionOnceFull() throws Exception {
    DeliveryQueue queue = new DeliveryQueue(10_000);
    EmbeddedChannel channel = new EmbeddedChannel();

    assertThat(queue.addAll(records(10, 432), channel)).isTrue(); // 10 × 500 bytes
    assertThat(queue.addAll(records(20, 432), channel)).isFalse(); // never refused, but full
    assertThat(queue.size()).isEqualTo(30);
    assertThat(queue.pausedConnections()).isEqualTo(1);
    channel.config().setAutoRead(false); // what the handler does on false

    List<OutgoingRecord> taken = new ArrayList<>();
    assertThat(queue.drainTo(taken, 1000, 5_000, 0)).isTrue();
    assertThat(taken).hasSize(10); // stops once 5,000 bytes are taken
    assertThat(queue.pausedConnections()).isEqualTo(1); // 10,000 bytes left: more than half
    channel.runPendingTasks();
    assertThat(channel.config().isAutoRead()).isFalse();

    taken.clear();
    assertThat(queue.drainTo(taken, 5, Long.MAX_VALUE, 0)).isTrue();
    assertThat(taken).hasSize(5); // stops at the record limit; 7,500 bytes left
    taken.clear();
    assertThat(queue.drainTo(taken, 6, Long.MAX_VALUE, 0)).isTrue(); // 4,500 left: resume
    assertThat(queue.pausedConnections()).isZero();
    channel.runPendingTasks();
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void drainsWhatIsLeftAfterCloseThenReportsTheEnd() throws Exception {
    DeliveryQueue queue = new DeliveryQueue(10_000);
    queue.addAll(records(3, 100), new EmbeddedChannel());
    queue.close();

    List<OutgoingRecord> first = new ArrayList<>();
    List<OutgoingRecord> second = new ArrayList<>();
    assertThat(queue.drainTo(first, 2, Long.MAX_VALUE, 0)).isTrue();
    assertThat(queue.drainTo(second, 2, Long.MAX_VALUE, 0)).isTrue();
    assertThat(first).hasSize(2);
    assertThat(second).hasSize(1);
    assertThat(queue.drainTo(new ArrayList<>(), 2, Long.MAX_VALUE, 0)).isFalse();
  }

  @Test
  void refusesUdpRecordsOnlyWhenFull() {
    DeliveryQueue queue = new DeliveryQueue(1_000);
    assertThat(queue.offer(record(800))).isTrue();
    assertThat(queue.offer(record(800))).isTrue(); // 868 < 1,000 bytes before it
    assertThat(queue.offer(record(800))).isFalse();
    assertThat(queue.size()).isEqualTo(2);
  }
}
