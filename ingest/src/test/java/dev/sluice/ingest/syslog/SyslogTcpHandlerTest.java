package dev.sluice.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A connection's records reach the queue as the pipeline made them, in order, once per read. */
class SyslogTcpHandlerTest {
  private static final KafkaSettings KAFKA =
      new KafkaSettings("127.0.0.1:9", "logs", "rejects", "zstd", 20, 262144, Map.of());

  private static SyslogEvents events(ShipMetrics metrics) {
    return new SyslogEvents(
        Parsers.byName("syslog"), "svc", "h", null, Map.of(), true, KAFKA, metrics);
  }

  @Test
  void queuesTheRecordsOfAReadAsThePipelineMadeThemInOrder() throws Exception {
    ShipMetrics metrics = new ShipMetrics();
    DeliveryQueue queue = new DeliveryQueue(1 << 24);
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new SyslogFrameDecoder(65536),
            new SyslogTcpHandler(events(metrics), queue, metrics, "syslog-tcp", "run-1"));
    List<String> lines = new ArrayList<>();
    StringBuilder read = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      String line =
          i % 37 == 5
              ? "not syslog " + i // must parse: a reject, to the rejects topic
              : "<134>1 2026-12-04T03:04:05.123Z host-"
                  + (i % 7)
                  + " sshd "
                  + (1000 + i)
                  + " - [meta seq=\""
                  + i
                  + "\"] message "
                  + i;
      lines.add(line);
      read.append(line).append('\n');
    }
    channel.writeInbound(Unpooled.copiedBuffer(read, StandardCharsets.UTF_8)); // one read

    List<OutgoingRecord> queued = new ArrayList<>();
    assertThat(queue.drainTo(queued, 10_000, Long.MAX_VALUE, 0)).isTrue();
    assertThat(queued).hasSize(lines.size());

    SyslogEvents expected = events(new ShipMetrics());
    for (int i = 0; i < lines.size(); i++) {
      OutgoingRecord got = queued.get(i);
      OutgoingRecord want =
          expected.toRecord(
              new SyslogFrame(lines.get(i), lines.get(i).length(), false),
              "run-1:" + i,
              "syslog-tcp",
              "unknown");
      assertThat(got.topic()).isEqualTo(want.topic());
      assertThat(got.key()).isEqualTo(want.key());
      assertThat(got.reject()).isEqualTo(want.reject());
      if (got.reject()) {
        assertThat(got.topic()).isEqualTo("rejects");
        continue;
      }
      // the same bytes but for the time each was received
      LogEvent g = Codecs.logEvents().decode(got.value());
      LogEvent w = Codecs.logEvents().decode(want.value());
      w.setIngestTime(g.getIngestTime());
      assertThat(g).isEqualTo(w);
      assertThat(g.getId()).isEqualTo("run-1:" + i);
    }
    channel.finishAndReleaseAll();
  }

  @Test
  void packsCopiesOfTheSameRecords() {
    List<OutgoingRecord> records =
        List.of(
            new OutgoingRecord("logs", new byte[] {1}, new byte[] {1, 2, 3}, false),
            new OutgoingRecord("rejects", new byte[] {2}, new byte[] {4}, true));
    List<OutgoingRecord> packed = SyslogTcpHandler.packed(records);
    assertThat(packed).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(packed.get(i).topic()).isEqualTo(records.get(i).topic());
      assertThat(packed.get(i).key()).isSameAs(records.get(i).key());
      assertThat(packed.get(i).value())
          .isEqualTo(records.get(i).value())
          .isNotSameAs(records.get(i).value());
      assertThat(packed.get(i).reject()).isEqualTo(records.get(i).reject());
    }
  }
}
