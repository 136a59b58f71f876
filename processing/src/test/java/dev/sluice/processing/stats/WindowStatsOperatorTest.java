package dev.sluice.processing.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.PathCount;
import dev.sluice.model.WindowStats;
import dev.sluice.processing.TestEvents;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The window operator of the stats sub-graph, driven through Flink's keyed operator harness. */
class WindowStatsOperatorTest {
  private static final long MINUTE = 60_000;
  private static final Duration LATENESS = Duration.ofSeconds(30);

  private KeyedOneInputStreamOperatorTestHarness<StatsKey, StatsSample, WindowStats> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = windowOperator(Duration.ofMinutes(1), LATENESS, 2);
  }

  /**
   * The job's stats window operator ({@link WindowStatsGraph#windowResults}) in an open harness.
   */
  static KeyedOneInputStreamOperatorTestHarness<StatsKey, StatsSample, WindowStats> windowOperator(
      Duration window, Duration lateness, int topPaths) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    var samples = env.fromData(new StatsSample());
    var results = WindowStatsGraph.windowResults(samples, window, lateness, topPaths);
    @SuppressWarnings("unchecked")
    OneInputStreamOperator<StatsSample, WindowStats> operator =
        ((OneInputTransformation<StatsSample, WindowStats>) results.getTransformation())
            .getOperator();
    var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            operator, StatsSample::key, TypeInformation.of(StatsKey.class));
    harness.open();
    return harness;
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private void send(LogEvent event) throws Exception {
    long t = event.getEventTime().toEpochMilli();
    harness.processElement(new StreamRecord<>(StatsSample.of(event, null), t));
    harness.processElement(new StreamRecord<>(StatsSample.of(event, event.getHost()), t));
  }

  @Test
  void emitsNothingBeforeTheWatermarkThenOneResultPerKey() throws Exception {
    send(TestEvents.request("a", 1_000, "web", "h1", 200, 10, "10.0.0.1", "/a"));
    send(TestEvents.request("b", 2_000, "web", "h2", 503, 20, "10.0.0.2", "/a"));
    send(TestEvents.event("c", 3_000, "web", "h1", Level.WARN));
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isPositive();

    harness.processWatermark(MINUTE - 1);

    List<WindowStats> out = harness.extractOutputValues();
    assertThat(out).hasSize(3);
    WindowStats all = only(out, null);
    assertThat(all.getCount()).isEqualTo(3);
    assertThat(all.getWindowStart().toEpochMilli()).isZero();
    assertThat(all.getWindowEnd().toEpochMilli()).isEqualTo(MINUTE);
    assertThat(all.getRevision()).isZero();
    assertThat(all.getCountByLevel()).isEqualTo(Map.of("INFO", 1L, "ERROR", 1L, "WARN", 1L));
    assertThat(all.getErrorCount()).isEqualTo(1); // the 503, logged at ERROR, counted once
    assertThat(all.getStatusClasses()).isEqualTo(Map.of("2xx", 1L, "5xx", 1L));
    assertThat(all.getBytes()).isEqualTo(200);
    assertThat(all.getDistinctClients()).isEqualTo(2);
    assertThat(all.getLatencyCount()).isEqualTo(2);
    assertThat(all.getLatencyMaxMs()).isEqualTo(20.0);
    assertThat(only(out, "h1").getCount()).isEqualTo(2);
    assertThat(only(out, "h2").getCount()).isEqualTo(1);
  }

  @Test
  void computesLatencyQuantilesFromAMergeableSketchAndTheTopPaths() throws Exception {
    for (int i = 1; i <= 1000; i++) {
      String path = i % 2 == 0 ? "/home" : i % 3 == 0 ? "/cart" : "/item/" + i;
      send(TestEvents.request("r" + i, i * 10L, "shop", "h", 200, i, "c" + (i % 50), path));
    }
    harness.processWatermark(MINUTE - 1);
    WindowStats s = only(harness.extractOutputValues(), null);
    assertThat(s.getLatencyP50Ms()).isCloseTo(500, within(500 * 0.02));
    assertThat(s.getLatencyP95Ms()).isCloseTo(950, within(950 * 0.02));
    assertThat(s.getLatencyP99Ms()).isCloseTo(990, within(990 * 0.02));
    assertThat(s.getLatencyMaxMs()).isEqualTo(1000.0);
    assertThat(s.getDistinctClients()).isEqualTo(50);
    assertThat(s.getTopPaths()).extracting(PathCount::getPath).containsExactly("/home", "/cart");
    assertThat(s.getTopPaths().get(0).getCount()).isEqualTo(500);

    ByteBuffer bytes = s.getLatencySketch().duplicate();
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    DDSketch sketch = WindowAccumulator.readLatencySketch(raw);
    assertThat(sketch.getCount()).isEqualTo(1000.0);
  }

  @Test
  void updatesTheResultForLateEventsWithinTheLatenessAndSidesOutputLaterOnes() throws Exception {
    send(TestEvents.event("a", 10_000, "api", "h", Level.INFO));
    harness.processWatermark(MINUTE - 1);
    assertThat(harness.extractOutputValues()).hasSize(2);

    send(TestEvents.event("late", 20_000, "api", "h", Level.ERROR)); // within the lateness
    List<WindowStats> out = harness.extractOutputValues();
    assertThat(out).hasSize(4);
    assertThat(out.get(2).getCount()).isEqualTo(2);
    assertThat(out.get(2).getErrorCount()).isEqualTo(1);

    harness.processWatermark(MINUTE - 1 + LATENESS.toMillis());
    send(TestEvents.event("too-late", 30_000, "api", "h", Level.INFO));
    assertThat(harness.extractOutputValues()).hasSize(4);
    assertThat(harness.getSideOutput(WindowStatsGraph.TOO_LATE))
        .extracting(r -> r.getValue().host)
        .containsExactly(null, "h");
  }

  @Test
  void keyedStateAndTimersDrainOnceTheLatenessHasPassed() throws Exception {
    send(TestEvents.event("a", 10_000, "api", "h", Level.INFO));
    send(TestEvents.event("b", 70_000, "api", "h", Level.INFO));
    assertThat(harness.numKeyedStateEntries()).isPositive();

    harness.processWatermark(MINUTE - 1 + LATENESS.toMillis());
    assertThat(harness.numKeyedStateEntries()).isPositive(); // the second window is still open

    harness.processWatermark(2 * MINUTE - 1 + LATENESS.toMillis());
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.extractOutputValues()).hasSize(4);
  }

  private static WindowStats only(List<WindowStats> out, String host) {
    List<WindowStats> matching =
        out.stream().filter(s -> java.util.Objects.equals(s.getHost(), host)).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
