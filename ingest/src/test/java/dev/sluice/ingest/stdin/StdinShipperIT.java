package dev.sluice.ingest.stdin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.ingest.syslog.TopicEvents;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Standard input to its end: everything read is acknowledged before run() returns. */
class StdinShipperIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  @TempDir Path dir;

  private ShipperConfig.Builder config(String topic) {
    return ShipperConfig.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .topic(topic)
        .rejectsTopic(topic)
        .service("piped")
        .lingerMs(5)
        .statusInterval(Duration.ZERO)
        .stateDir(dir);
  }

  private static StdinShipper shipper(ShipperConfig config, String input) {
    return new StdinShipper(
        config,
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(OutputStream.nullOutputStream()));
  }

  @Test
  void shipsToEndOfInputMergingStackTracesAndReturnsOnlyOnceAllIsAcknowledged() throws Exception {
    String topic = KAFKA.newTopic(1);
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      input.append("2026-11-26 11:00:00,000 INFO [main] app.Worker - job ").append(i).append('\n');
    }
    input
        .append("2026-11-26 11:00:01,000 ERROR [main] app.Worker - job failed\n")
        .append("java.lang.IllegalStateException: boom\n")
        .append("\tat app.Worker.run(Worker.java:42)\n")
        .append("2026-11-26 11:00:02,000 INFO [main] app.Worker - the end");
    ShipperConfig.Builder b = config(topic);
    b.stdin("java", null, false, null);
    StdinShipper shipper = shipper(b.build(), input.toString());

    shipper.run();

    assertThat(shipper.metrics().eventsSent.sum())
        .as("every event acknowledged when run() returns")
        .isEqualTo(2_002);
    try (TopicEvents events = new TopicEvents(KAFKA.bootstrapServers(), topic)) {
      List<LogEvent> all = events.awaitAtLeast(2_002, Duration.ofSeconds(30));
      assertThat(all).hasSize(2_002);
      Map<String, LogEvent> byMessage =
          all.stream().collect(Collectors.toMap(LogEvent::getMessage, e -> e));
      assertThat(byMessage.keySet()).contains("job 0", "job 1999", "the end");
      LogEvent failure =
          all.stream().filter(e -> e.getLevel() == Level.ERROR).findFirst().orElseThrow();
      assertThat(failure.getMessage()).contains("job failed", "boom", "Worker.java:42");
      assertThat(failure.getService()).isEqualTo("piped");
      assertThat(failure.getSource()).isEqualTo("stdin");
      assertThat(byMessage.get("job 0").getId()).matches("stdin-[0-9a-f]{8}:0");
    }
  }

  @Test
  void failsWithTheReasonWhenKafkaRefusesARecord() throws Exception {
    String topic = KAFKA.newTopic(1);
    ShipperConfig.Builder b = config(topic).kafkaProperty("max.request.size", "2000");
    b.stdin("none", null, false, null);
    StdinShipper shipper = shipper(b.build(), "small\n" + "x".repeat(5_000) + "\n");

    assertThatThrownBy(shipper::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("delivery to Kafka failed")
        .hasMessageContaining("max.request.size");
  }

  @Test
  void stdinNeedsAService() {
    ShipperConfig.Builder b =
        ShipperConfig.builder().bootstrapServers(KAFKA.bootstrapServers()).stateDir(dir);
    b.stdin(null, null, false, null);
    assertThatThrownBy(b::build)
        .hasMessage("--stdin needs --service (service), the events' service");
  }
}
