package dev.sluice.processing.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import dev.sluice.model.WindowStats;
import dev.sluice.processing.TestEvents;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Revision numbering and too-late counting, through Flink's keyed two-input harness. */
class AssignRevisionsTest {
  private static final long MINUTE = 60_000;
  private static final Duration LATENESS = Duration.ofSeconds(30);
  private static final Duration RETENTION = Duration.ofMinutes(2);

  private KeyedTwoInputStreamOperatorTestHarness<StatsKey, WindowStats, StatsSample, WindowStats>
      harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new AssignRevisions(Duration.ofMinutes(1), LATENESS, RETENTION),
            WindowStatsGraph::keyOf,
            StatsSample::key,
            TypeInformation.of(StatsKey.class));
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private static WindowStats result(long windowStart, long count) {
    return WindowStats.newBuilder()
        .setService("api")
        .setHost(null)
        .setWindowStart(Instant.ofEpochMilli(windowStart))
        .setWindowEnd(Instant.ofEpochMilli(windowStart + MINUTE))
        .setCount(count)
        .build();
  }

  private static StatsSample tooLate(long eventTime) {
    return StatsSample.of(TestEvents.event("x", eventTime, "api", "h", Level.INFO), null);
  }

  @Test
  void numbersTheOnTimeResultZeroAndEachUpdateOneHigher() throws Exception {
    harness.processElement1(result(0, 3), MINUTE - 1);
    harness.processElement1(result(0, 4), MINUTE - 1);
    harness.processElement1(result(MINUTE, 1), 2 * MINUTE - 1);
    assertThat(harness.extractOutputValues())
        .extracting(WindowStats::getRevision, WindowStats::getCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 3L),
            org.assertj.core.groups.Tuple.tuple(1, 4L),
            org.assertj.core.groups.Tuple.tuple(0, 1L));
  }

  @Test
  void countsTooLateEventsIntoTheNextRevisionAtTheNextWatermark() throws Exception {
    harness.processElement1(result(0, 3), MINUTE - 1);
    harness.processBothWatermarks(
        new org.apache.flink.streaming.api.watermark.Watermark(2 * MINUTE));
    harness.processElement2(tooLate(5_000), 5_000);
    harness.processElement2(tooLate(6_000), 6_000);
    assertThat(harness.extractOutputValues()).hasSize(1);

    harness.processBothWatermarks(
        new org.apache.flink.streaming.api.watermark.Watermark(2 * MINUTE + 1));
    WindowStats updated = harness.extractOutputValues().get(1);
    assertThat(updated.getRevision()).isEqualTo(1);
    assertThat(updated.getCount()).isEqualTo(3);
    assertThat(updated.getLateEvents()).isEqualTo(2);
  }

  @Test
  void countsAPreAggregatedTooLateSampleAsTheEventsItStandsFor() throws Exception {
    harness.processElement1(result(0, 3), MINUTE - 1);
    harness.processBothWatermarks(
        new org.apache.flink.streaming.api.watermark.Watermark(2 * MINUTE));
    WindowAccumulator five = new WindowAccumulator();
    for (int i = 0; i < 5; i++) {
      five.add(tooLate(1_000 + i));
    }
    harness.processElement2(StatsSample.partial("api", null, 0, five), 0);
    harness.processBothWatermarks(
        new org.apache.flink.streaming.api.watermark.Watermark(2 * MINUTE + 1));
    WindowStats updated = harness.extractOutputValues().get(1);
    assertThat(updated.getRevision()).isEqualTo(1);
    assertThat(updated.getLateEvents()).isEqualTo(5);
  }

  @Test
  void reportsTooLateEventsOfAWindowWithoutResultsAsAnEmptyRecord() throws Exception {
    harness.processBothWatermarks(
        new org.apache.flink.streaming.api.watermark.Watermark(10 * MINUTE));
    harness.processElement2(tooLate(MINUTE + 5), MINUTE + 5);
    harness.processBothWatermarks(
        new org.apache.flink.streaming.api.watermark.Watermark(10 * MINUTE + 1));
    assertThat(harness.extractOutputValues()).hasSize(1);
    WindowStats s = harness.extractOutputValues().get(0);
    assertThat(s.getCount()).isZero();
    assertThat(s.getLateEvents()).isEqualTo(1);
    assertThat(s.getWindowStart().toEpochMilli()).isEqualTo(MINUTE);
  }

  @Test
  void keyedStateAndTimersDrainAfterTheRetention() throws Exception {
    harness.processElement1(result(0, 3), MINUTE - 1);
    assertThat(harness.numKeyedStateEntries()).isPositive();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);

    long cleanup = MINUTE - 1 + LATENESS.toMillis() + RETENTION.toMillis();
    harness.processBothWatermarks(
        new org.apache.flink.streaming.api.watermark.Watermark(cleanup - 1));
    assertThat(harness.numKeyedStateEntries()).isPositive();

    harness.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(cleanup));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }
}
