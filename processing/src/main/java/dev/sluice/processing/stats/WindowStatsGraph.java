package dev.sluice.processing.stats;

import dev.sluice.model.LogEvent;
import dev.sluice.model.WindowStats;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.OutputTag;

/**
 * The window stats sub-graph: event-time tumbling windows per service and per service+host,
 * pre-aggregated ahead of the keyed exchange ({@link LocalStatsCombiner}), aggregated
 * incrementally, updated for late events within the allowed lateness, and numbered by {@link
 * AssignRevisions}, which also counts events past the lateness. Operator uids: {@code
 * stats-samples}, {@code window-stats}, {@code stats-revisions}.
 */
public final class WindowStatsGraph {
  /** Events that came after their window's allowed lateness. */
  public static final OutputTag<StatsSample> TOO_LATE =
      new OutputTag<>("too-late", TypeInformation.of(StatsSample.class));

  private WindowStatsGraph() {}

  /**
   * Adds the sub-graph.
   *
   * @param events events with timestamps and watermarks assigned
   * @return every window result and update, revision-numbered
   */
  public static DataStream<WindowStats> apply(
      DataStream<LogEvent> events,
      Duration window,
      Duration allowedLateness,
      Duration lateRetention,
      int topPaths) {
    TypeInformation<WindowStats> statsType = new AvroTypeInfo<>(WindowStats.class);
    // pre-aggregated per key and window ahead of the exchange, under the uid of the stateless flat
    // map it replaced: a savepoint from before it restores (no state for it), one from after it
    // holds its pending windows
    DataStream<StatsSample> samples =
        events
            .transform(
                "stats samples",
                TypeInformation.of(StatsSample.class),
                new LocalStatsCombiner(window))
            .uid("stats-samples");
    SingleOutputStreamOperator<WindowStats> windows =
        windowResults(samples, window, allowedLateness, topPaths);
    DataStream<StatsSample> tooLate = windows.getSideOutput(TOO_LATE);
    return windows
        .connect(tooLate)
        .keyBy(WindowStatsGraph::keyOf, StatsSample::key, TypeInformation.of(StatsKey.class))
        .process(new AssignRevisions(window, allowedLateness, lateRetention), statsType)
        .name("stats revisions and late events")
        .uid("stats-revisions");
  }

  /**
   * The window operator alone: samples keyed by {@link StatsKey} into tumbling event-time windows,
   * results of revision 0 out, events past the allowed lateness to {@link #TOO_LATE} (also what the
   * operator harness tests drive).
   */
  public static SingleOutputStreamOperator<WindowStats> windowResults(
      DataStream<StatsSample> samples, Duration window, Duration allowedLateness, int topPaths) {
    KeyedStream<StatsSample, StatsKey> keyed =
        samples.keyBy(StatsSample::key, TypeInformation.of(StatsKey.class));
    WindowedStream<StatsSample, StatsKey, TimeWindow> windowed =
        keyed
            .window(TumblingEventTimeWindows.of(window))
            .allowedLateness(allowedLateness)
            .sideOutputLateData(TOO_LATE);
    return windowed
        .aggregate(
            new AggregateStats(),
            new EmitWindowStats(topPaths),
            WindowAccumulatorTypeInfo.INSTANCE,
            WindowAccumulatorTypeInfo.INSTANCE,
            new AvroTypeInfo<>(WindowStats.class))
        .name("window stats")
        .uid("window-stats");
  }

  static StatsKey keyOf(WindowStats stats) {
    return new StatsKey(stats.getService(), stats.getHost());
  }
}
