package dev.sluice.appenders.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.model.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The logging-thread side of the shipper, with a real producer pointed at a port nobody listens on:
 * nothing is ever delivered, so every event ends buffered, dropped or ignored.
 */
class EventShipperTest {
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final StatusReporter status =
      new StatusReporter() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {
          warnings.add(message);
        }

        @Override
        public void error(String message, Throwable cause) {
          warnings.add(message);
        }
      };
  private EventShipper shipper;

  private EventShipper start(int bufferEvents) {
    shipper =
        EventShipper.start(
            AppenderSettings.builder()
                .bootstrapServers("127.0.0.1:1")
                .service("checkout")
                .bufferEvents(bufferEvents)
                .flushTimeout(Duration.ofMillis(200))
                .dropWarningInterval(Duration.ofMinutes(10))
                .build(),
            "test",
            status);
    return shipper;
  }

  @AfterEach
  void stop() {
    if (shipper != null) {
      shipper.stop();
    }
  }

  private static Supplier<CapturedEvent> event(String message) {
    return () -> new CapturedEvent(0, Level.INFO, message, "app", "main", Map.of(), null);
  }

  @Test
  void dropsAndCountsWhatDoesNotFitWithoutCapturingIt() {
    start(3);
    int[] captured = {0};
    for (int i = 0; i < 10; i++) {
      shipper.ship(
          "app",
          () -> {
            captured[0]++;
            return event("e").get();
          });
    }

    assertThat(shipper.counters().droppedBufferFull()).isEqualTo(7);
    assertThat(captured[0]).as("a full buffer costs no capture and no encoding").isEqualTo(3);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(warnings).anyMatch(w -> w.startsWith("Sluice appender dropped ")));
  }

  @Test
  void countsWhatIsStillUndeliveredAtTheFlushTimeoutAsDropped() {
    start(100);
    for (int i = 0; i < 5; i++) {
      shipper.ship("app", event("e"));
    }

    long started = System.nanoTime();
    shipper.stop();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(shipper.counters().dropped()).isEqualTo(5);
    assertThat(shipper.counters().delivered()).isZero();
    assertThat(shipper.bufferedEvents()).isZero();
    assertThat(warnings).anyMatch(w -> w.contains("while stopping"));
  }

  @Test
  void ignoresKafkaClientLoggersButNotLookalikes() {
    start(100);
    shipper.ship("org.apache.kafka.clients.NetworkClient", event("connection refused"));
    shipper.ship("org.apache.kafka", event("root of kafka"));
    shipper.ship("org.apache.kafkaesque.Trial", event("not kafka"));

    assertThat(shipper.counters().ignored()).isEqualTo(2);
    assertThat(shipper.bufferedEvents()).isEqualTo(1);
  }

  @Test
  void ignoresEventsLoggedWhileAnEventIsBeingShippedOnTheSameThread() {
    start(100);
    shipper.ship(
        "app",
        () -> {
          // e.g. a message argument's toString() that logs
          shipper.ship("app", event("inner"));
          return event("outer").get();
        });

    assertThat(shipper.counters().ignored()).isEqualTo(1);
    assertThat(shipper.bufferedEvents()).isEqualTo(1);
  }

  @Test
  void neverThrowsWhenCapturingFailsAndCountsTheEventAsDropped() {
    start(100);
    shipper.ship(
        "app",
        () -> {
          throw new IllegalStateException("toString blew up");
        });

    assertThat(shipper.counters().droppedFailed()).isEqualTo(1);
    assertThat(shipper.bufferedEvents()).isZero();
  }
}
