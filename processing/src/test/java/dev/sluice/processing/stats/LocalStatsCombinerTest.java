package dev.sluice.processing.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.WindowStats;
import dev.sluice.processing.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The local combiner ahead of the stats windows, through Flink's operator harnesses: what it emits
 * and when, what a checkpoint keeps, and that the windows behind it give the figures they give for
 * one sample per event, with restarts from checkpoints in between.
 */
class LocalStatsCombinerTest {
  private static final long MINUTE = 60_000;
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final Duration LATENESS = Duration.ofSeconds(30);

  private static OneInputStreamOperatorTestHarness<LogEvent, StatsSample> combiner(int maxEntries)
      throws Exception {
    var harness =
        new OneInputStreamOperatorTestHarness<>(new LocalStatsCombiner(WINDOW, maxEntries));
    harness.open();
    return harness;
  }

  private static OneInputStreamOperatorTestHarness<LogEvent, StatsSample> restored(
      OperatorSubtaskState snapshot, int maxEntries) throws Exception {
    var harness =
        new OneInputStreamOperatorTestHarness<>(new LocalStatsCombiner(WINDOW, maxEntries));
    harness.initializeState(snapshot);
    harness.open();
    return harness;
  }

  /** The pre-aggregated samples among {@code out}, as {@code key@windowStart=events}. */
  private static List<String> partials(List<Object> out) {
    List<String> partials = new ArrayList<>();
    for (Object o : out) {
      if (o instanceof StreamRecord<?> r && r.getValue() instanceof StatsSample s) {
        assertThat(s.partial).isNotNull();
        assertThat(r.getTimestamp()).isEqualTo(s.eventTime); // the window's start
        partials.add(s.key() + "@" + s.eventTime + "=" + s.events());
      }
    }
    return partials;
  }

  private static void send(OneInputStreamOperatorTestHarness<LogEvent, ?> h, LogEvent e)
      throws Exception {
    h.processElement(new StreamRecord<>(e, e.getEventTime().toEpochMilli()));
  }

  @Test
  void emitsOneSamplePerKeyAndWindowBeforeTheWatermarkThatPassesTheWindowsEnd() throws Exception {
    try (var h = combiner(LocalStatsCombiner.DEFAULT_MAX_ENTRIES)) {
      send(h, TestEvents.request("a", 1_000, "web", "h1", 200, 10, "10.0.0.1", "/a"));
      send(h, TestEvents.request("b", 2_000, "web", "h2", 503, 20, "10.0.0.2", "/a"));
      send(h, TestEvents.event("c", 3_000, "web", "h1", Level.WARN));
      send(h, TestEvents.event("d", MINUTE + 5, "web", null, Level.INFO));
      h.processWatermark(new Watermark(MINUTE - 2));
      assertThat(h.getOutput()).containsExactly(new Watermark(MINUTE - 2));
      h.getOutput().clear();

      h.processWatermark(new Watermark(MINUTE - 1));

      List<Object> out = new ArrayList<>(h.getOutput());
      assertThat(out).hasSize(4).last().isEqualTo(new Watermark(MINUTE - 1));
      assertThat(partials(out)).containsExactly("web@0=3", "web/h1@0=2", "web/h2@0=1");
      h.getOutput().clear();
      h.processWatermark(new Watermark(Long.MAX_VALUE));
      assertThat(partials(new ArrayList<>(h.getOutput()))).containsExactly("web@60000=1");
    }
  }

  @Test
  void sendsAnEventBehindTheWatermarkAloneAsTheWindowsExpectLateOnes() throws Exception {
    try (var h = combiner(LocalStatsCombiner.DEFAULT_MAX_ENTRIES)) {
      h.processWatermark(new Watermark(2 * MINUTE));
      h.getOutput().clear();
      send(h, TestEvents.event("late", 10_000, "api", "h", Level.ERROR));
      assertThat(h.extractOutputValues())
          .extracting(s -> s.key().toString(), s -> s.partial, s -> s.eventTime)
          .containsExactly(tuple("api", null, 10_000L), tuple("api/h", null, 10_000L));
    }
  }

  @Test
  void keepsWhatIsPendingInItsStateAcrossACheckpoint() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = combiner(LocalStatsCombiner.DEFAULT_MAX_ENTRIES)) {
      send(h, TestEvents.event("a", 1_000, "api", "h", Level.INFO));
      send(h, TestEvents.event("b", 2_000, "api", null, Level.INFO));
      snapshot = h.snapshot(1, 1);
      assertThat(h.getOutput()).isEmpty();
    }
    try (var restored = restored(snapshot, LocalStatsCombiner.DEFAULT_MAX_ENTRIES)) {
      send(restored, TestEvents.event("c", 3_000, "api", "h", Level.WARN));
      restored.processWatermark(new Watermark(MINUTE - 1));
      assertThat(partials(new ArrayList<>(restored.getOutput())))
          .containsExactly("api@0=3", "api/h@0=2");
    }
  }

  @Test
  void emitsEverythingWhenItHoldsItsMostEntries() throws Exception {
    try (var h = combiner(4)) {
      send(h, TestEvents.event("a", 1_000, "api", "h1", Level.INFO)); // api, api/h1
      assertThat(h.getOutput()).isEmpty();
      send(h, TestEvents.event("b", 1_000, "api", "h2", Level.INFO)); // + api/h2: 3 pending
      assertThat(h.extractOutputValues())
          .extracting(sample -> sample.key().toString())
          .containsExactly("api", "api/h1", "api/h2");
    }
    assertThatThrownBy(() -> new LocalStatsCombiner(WINDOW, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries");
  }

  @Test
  void theWindowsBehindItGiveTheFiguresOfOneSamplePerEvent() throws Exception {
    for (int seed = 1; seed <= 3; seed++) {
      for (int maxEntries : new int[] {3, LocalStatsCombiner.DEFAULT_MAX_ENTRIES}) {
        List<Object> input = randomInput(new SplittableRandom(seed));
        Map<String, String> direct = windowsFedOneSamplePerEvent(input);
        Map<String, String> combined = windowsFedThroughCombiner(input, maxEntries);
        assertThat(combined).isNotEmpty().containsExactlyEntriesOf(direct);
      }
    }
  }

  /** Events over six minutes, a little out of order, some late or too late, with watermarks. */
  private static List<Object> randomInput(SplittableRandom random) {
    List<Object> input = new ArrayList<>();
    String[] services = {"web", "api", "auth"};
    String[] hosts = {"h1", "h2", "h3", null};
    long watermark = Long.MIN_VALUE;
    for (int i = 0; i < 3_000; i++) {
      long time = i * 120L + random.nextInt(3_000);
      if (random.nextInt(100) == 0) {
        time = Math.max(0, time - 45_000 - random.nextInt(60_000)); // late, or past the lateness
      }
      String service = services[random.nextInt(services.length)];
      String host = hosts[random.nextInt(hosts.length)];
      input.add(
          random.nextInt(3) == 0
              ? TestEvents.event("e" + i, time, service, host, Level.values()[random.nextInt(4)])
              : TestEvents.request(
                  "r" + i,
                  time,
                  service,
                  host,
                  random.nextInt(10) == 0 ? 503 : 200,
                  random.nextInt(2_000) / 10.0,
                  "10.0.0." + random.nextInt(60),
                  "/p" + random.nextInt(8)));
      if (i % 97 == 96) {
        watermark = Math.max(watermark, i * 120L - 2_000);
        input.add(new Watermark(watermark));
      }
      if (i % 500 == 499) {
        input.add("barrier");
      }
    }
    input.add(new Watermark(Long.MAX_VALUE));
    return input;
  }

  private static Map<String, String> windowsFedOneSamplePerEvent(List<Object> input)
      throws Exception {
    try (var w = WindowStatsOperatorTest.windowOperator(WINDOW, LATENESS, 3)) {
      for (Object o : input) {
        if (o instanceof LogEvent e) {
          long t = e.getEventTime().toEpochMilli();
          w.processElement(new StreamRecord<>(StatsSample.of(e, null), t));
          if (e.getHost() != null) {
            w.processElement(new StreamRecord<>(StatsSample.of(e, e.getHost()), t));
          }
        } else if (o instanceof Watermark m) {
          w.processWatermark(m);
        }
      }
      return figures(w);
    }
  }

  private static Map<String, String> windowsFedThroughCombiner(List<Object> input, int maxEntries)
      throws Exception {
    var c = combiner(maxEntries);
    try (var w = WindowStatsOperatorTest.windowOperator(WINDOW, LATENESS, 3)) {
      long checkpoint = 0;
      for (Object o : input) {
        if (o instanceof LogEvent e) {
          send(c, e);
        } else if (o instanceof Watermark m) {
          c.processWatermark(m);
        } else { // a checkpoint, then a restart from it
          checkpoint++;
          OperatorSubtaskState snapshot = c.snapshot(checkpoint, checkpoint);
          assertThat(c.getOutput()).isEmpty();
          c.close();
          c = restored(snapshot, maxEntries);
        }
        for (Object emitted = c.getOutput().poll(); emitted != null; ) {
          if (emitted instanceof Watermark m) {
            w.processWatermark(m);
          } else {
            @SuppressWarnings("unchecked")
            StreamRecord<StatsSample> r = (StreamRecord<StatsSample>) emitted;
            w.processElement(r);
          }
          emitted = c.getOutput().poll();
        }
      }
      return figures(w);
    } finally {
      c.close();
    }
  }

  /**
   * The last result of each key and window, as text of every figure but the revision and the
   * sketch's bytes (the quantiles read from it are compared), and the events past the lateness per
   * key and window.
   */
  private static Map<String, String> figures(
      KeyedOneInputStreamOperatorTestHarness<StatsKey, StatsSample, WindowStats> w) {
    Map<String, String> figures = new TreeMap<>();
    for (WindowStats s : w.extractOutputValues()) {
      String key =
          s.getService() + "/" + Objects.toString(s.getHost(), "") + "@" + s.getWindowStart();
      WindowStats copy = WindowStats.newBuilder(s).setRevision(0).setLatencySketch(null).build();
      figures.put(key, copy.toString());
    }
    Map<String, Long> tooLate = new TreeMap<>();
    for (StreamRecord<StatsSample> r : w.getSideOutput(WindowStatsGraph.TOO_LATE)) {
      StatsSample s = r.getValue();
      long start = s.eventTime - Math.floorMod(s.eventTime, MINUTE);
      tooLate.merge("too late " + s.key() + "@" + start, s.events(), Long::sum);
    }
    tooLate.forEach((key, n) -> figures.put(key, Long.toString(n)));
    return figures;
  }
}
