package dev.sluice.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.KafkaExtension;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The broker goes away mid-stream (and is away at start-up): nothing lost, memory bounded. */
class BrokerRestartIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.dedicated();

  private static final long QUEUE_BYTES = 1024 * 1024;

  @TempDir Path dir;

  private final Set<String> expected = new HashSet<>();

  private ShipperConfig config(String topic, Path log) {
    return ShipperConfig.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .topic(topic)
        .rejectsTopic(topic)
        .stateDir(dir.resolve("state"))
        .source(List.of(log.toString()), "restart", "none", false, Map.of())
        .maxInFlightBytes(QUEUE_BYTES)
        .scanInterval(Duration.ofMillis(100))
        .lingerMs(5)
        .statusInterval(Duration.ZERO)
        .build();
  }

  private void write(Path log, String phase, int count) throws IOException {
    try (BufferedWriter out =
        Files.newBufferedWriter(
            log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (int i = 0; i < count; i++) {
        String line =
            String.format(
                "%s line %06d level=info msg=\"request served\" path=/api/v1/items/%d took=%dms",
                phase, i, i % 977, i % 300);
        expected.add(line);
        out.write(line);
        out.write('\n');
      }
    }
  }

  @Test
  void losesNothingWhenTheBrokerStopsMidStreamAndStopsReadingWhileItIsDown() throws Exception {
    String topic = KAFKA.newTopic(1);
    Path log = dir.resolve("app.log");
    write(log, "before", 20_000);
    try (RunningShipper running = new RunningShipper(config(topic, log));
        TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
      reader.awaitAtLeast(20_000, Duration.ofSeconds(60));

      KAFKA.broker().stop();
      write(log, "during", 100_000);
      Shipper shipper = running.shipper;
      long linesBefore = shipper.metrics().linesRead.sum();
      long maxInFlight = awaitReadingStalled(shipper);

      assertThat(maxInFlight)
          .as("unacknowledged bytes stay within the queue bound")
          .isLessThanOrEqualTo(QUEUE_BYTES);
      long readWhileDown = shipper.metrics().linesRead.sum() - linesBefore;
      assertThat(readWhileDown)
          .as("reading stops (backpressure) instead of buffering the 100000 new lines")
          .isLessThan(30_000);
      assertThat(shipper.fileLag().values().stream().mapToLong(Long::longValue).sum())
          .as("the lag shows what waits in the file")
          .isGreaterThan(5_000_000);

      KAFKA.broker().restart();
      reader.awaitUntil(
          () -> reader.messages().size() >= expected.size(),
          Duration.ofSeconds(120),
          () -> String.valueOf(expected.size()));
      DeliveryAssertions.assertEveryLineOnceById(reader.events(), expected);
    } finally {
      if (!KAFKA.broker().isRunning()) {
        KAFKA.broker().restart();
      }
    }
  }

  @Test
  void waitsForABrokerThatIsDownAtStartUp() throws Exception {
    String topic = KAFKA.newTopic(1);
    Path log = dir.resolve("early.log");
    write(log, "early", 5_000);
    KAFKA.broker().stop();
    try (RunningShipper running = new RunningShipper(config(topic, log))) {
      assertThat(running.shipper.metrics().eventsSent.sum()).isZero();
      KAFKA.broker().restart();
      try (TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
        reader.awaitUntil(
            () -> reader.messages().size() >= expected.size(),
            Duration.ofSeconds(90),
            () -> String.valueOf(expected.size()));
        DeliveryAssertions.assertEveryLineOnceById(reader.events(), expected);
      }
    } finally {
      if (!KAFKA.broker().isRunning()) {
        KAFKA.broker().restart();
      }
    }
  }

  /**
   * Waits until the shipper has stopped reading (lines read unchanged for a second while records
   * are unacknowledged) and returns the largest in-flight byte count seen meanwhile.
   */
  private static long awaitReadingStalled(Shipper shipper) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long max = 0;
    long lastLines = -1;
    long stableSince = System.nanoTime();
    while (true) {
      max = Math.max(max, shipper.inFlightBytes());
      long lines = shipper.metrics().linesRead.sum();
      if (lines != lastLines) {
        lastLines = lines;
        stableSince = System.nanoTime();
      } else if (shipper.inFlightRecords() > 0
          && System.nanoTime() - stableSince > Duration.ofSeconds(1).toNanos()) {
        return max;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the shipper kept reading while the broker was down");
      }
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
    }
  }
}
