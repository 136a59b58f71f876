package dev.sluice.processing.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.processing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.types.Either;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

/** One partition's watermark generator as the source builds it, driven by hand. */
class EventTimeWatermarksTest {
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
  private static final Duration IDLENESS = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();
  private final WatermarkGenerator<Either<LogEvent, Reject>> generator =
      new EventTimeWatermarks.EventsOnly(
          new WatermarksWithIdleness<>(
              new SlowestStreamWatermarks(OUT_OF_ORDERNESS, IDLENESS, clock), IDLENESS, clock));
  private final List<Long> watermarks = new ArrayList<>();
  private boolean idle;
  private final WatermarkOutput output =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
          watermarks.add(watermark.getTimestamp());
          idle = false;
        }

        @Override
        public void markIdle() {
          idle = true;
        }

        @Override
        public void markActive() {
          idle = false;
        }
      };

  private void event(String service, String host, long time) {
    LogEvent e = TestEvents.event("e" + time, time, service, host, Level.INFO);
    generator.onEvent(Either.Left(e), time, output);
  }

  private long emit() {
    generator.onPeriodicEmit(output);
    return watermarks.isEmpty() ? Long.MIN_VALUE : watermarks.get(watermarks.size() - 1);
  }

  @Test
  void followsTheSlowestStreamOfThePartitionSoAServiceAheadMakesNoOtherLate() {
    event("checkout", "h1", 100_000);
    event("search", "h2", 10_000);
    event("checkout", "h1", 200_000);
    assertThat(emit()).isEqualTo(10_000 - 5_000 - 1);
    event("search", "h2", 50_000);
    assertThat(emit()).isEqualTo(50_000 - 5_000 - 1);
    event("search", "h3", 20_000); // a new stream behind the watermark does not move it back
    assertThat(emit()).isEqualTo(50_000 - 5_000 - 1);
    assertThat(watermarks).isSorted();
  }

  /** {@code checkout} talks every 200 ms for {@code seconds}, its time moving on with it. */
  private long checkoutTalks(long from, int seconds) {
    long t = from;
    for (int i = 0; i < seconds * 5; i++) {
      clock.advanceTime(Duration.ofMillis(200));
      t += 200;
      event("checkout", "h1", t);
      emit();
    }
    return t;
  }

  @Test
  void aStreamQuietForTheIdlenessWhileOthersTalkStopsHoldingTheWatermarkBack() {
    event("checkout", "h1", 100_000);
    event("auth", "h1", 10_000);
    assertThat(emit()).isEqualTo(10_000 - 5_000 - 1);
    long t = checkoutTalks(100_000, 29);
    assertThat(emit()).isEqualTo(10_000 - 5_000 - 1);
    t = checkoutTalks(t, 2);
    assertThat(emit()).isEqualTo(t - 5_000 - 1);
    assertThat(idle).isFalse();
  }

  @Test
  void timeInWhichTheWholePartitionIsQuietAgesNoStream() {
    event("checkout", "h1", 100_000);
    event("auth", "h1", 10_000);
    assertThat(emit()).isEqualTo(10_000 - 5_000 - 1);
    for (int i = 0; i < 300; i++) { // a minute without any record: the partition goes idle
      clock.advanceTime(Duration.ofMillis(200));
      emit();
    }
    assertThat(idle).isTrue();
    checkoutTalks(100_000, 5); // checkout comes back first: auth still holds the watermark
    assertThat(emit()).isEqualTo(10_000 - 5_000 - 1);
    event("auth", "h1", 11_000);
    assertThat(emit()).isEqualTo(11_000 - 5_000 - 1);
  }

  @Test
  void rejectsNeitherMoveTheWatermarkNorKeepThePartitionActive() {
    event("checkout", "h1", 100_000);
    emit();
    Reject reject =
        Reject.newBuilder()
            .setId("logs-0-1")
            .setReceivedTime(Instant.ofEpochMilli(9_000_000))
            .setStage("decode")
            .setReason("bad")
            .setRaw(java.nio.ByteBuffer.wrap(new byte[0]))
            .setSource("kafka://logs")
            .build();
    for (int i = 0; i < 40; i++) {
      clock.advanceTime(Duration.ofSeconds(1));
      generator.onEvent(Either.Right(reject), 9_000_000, output);
      emit();
    }
    assertThat(watermarks).containsOnly(100_000L - 5_000 - 1);
    assertThat(idle).isTrue();
  }
}
