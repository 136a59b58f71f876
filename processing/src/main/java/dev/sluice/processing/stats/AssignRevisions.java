package dev.sluice.processing.stats;

import dev.sluice.model.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Numbers window results and counts events that came too late for their window.
 *
 * <p>Input 1 is every result of the window operator: the on-time one gets revision 0, each update
 * caused by a late event within the allowed lateness gets the next revision. Input 2 is the window
 * operator's late side output: events past the allowed lateness (one event's sample, or a
 * pre-aggregated one standing for {@link StatsSample#events()} of them). They are counted in {@code
 * lateEvents} of their window and, at the next watermark, the window's last result is re-emitted
 * with a higher revision and the new count — so the newest revision of a window always carries all
 * its figures. A too-late event whose window had no result (or whose result is older than the
 * retention) produces a record with {@code count = 0} and only {@code lateEvents} set.
 *
 * <p>State: the last result of each window, kept until {@code window end + allowed lateness + late
 * retention} by an event-time timer, so keyed state drains to nothing once the watermark has
 * passed; a processing-time TTL clears keys whose watermark stopped moving.
 */
public final class AssignRevisions
    extends KeyedCoProcessFunction<StatsKey, WindowStats, StatsSample, WindowStats> {
  private static final long serialVersionUID = 1L;

  private final long windowSize;
  private final long keepAfterEnd;
  private final Duration ttl;

  private transient MapState<Long, WindowStats> latest;
  private transient MapState<Long, Long> pendingLate;
  private transient Counter lateEvents;

  /**
   * @param window the tumbling window size
   * @param allowedLateness the window operator's allowed lateness
   * @param lateRetention how much longer a window's last result is kept for too-late events
   */
  public AssignRevisions(Duration window, Duration allowedLateness, Duration lateRetention) {
    this.windowSize = window.toMillis();
    this.keepAfterEnd = allowedLateness.toMillis() + lateRetention.toMillis();
    Duration span = window.plus(allowedLateness).plus(lateRetention);
    this.ttl =
        span.multipliedBy(2).compareTo(Duration.ofHours(1)) > 0
            ? span.multipliedBy(2)
            : Duration.ofHours(1);
  }

  @Override
  public void open(OpenContext context) {
    StateTtlConfig ttlConfig =
        StateTtlConfig.newBuilder(ttl)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build();
    MapStateDescriptor<Long, WindowStats> latestDescriptor =
        new MapStateDescriptor<>("latest", Types.LONG, new AvroTypeInfo<>(WindowStats.class));
    latestDescriptor.enableTimeToLive(ttlConfig);
    MapStateDescriptor<Long, Long> pendingDescriptor =
        new MapStateDescriptor<>("pending-late", Types.LONG, Types.LONG);
    pendingDescriptor.enableTimeToLive(ttlConfig);
    latest = getRuntimeContext().getMapState(latestDescriptor);
    pendingLate = getRuntimeContext().getMapState(pendingDescriptor);
    lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
  }

  @Override
  public void processElement1(WindowStats result, Context ctx, Collector<WindowStats> out)
      throws Exception {
    WindowStats stats = WindowStats.newBuilder(result).build(); // stored: never the input object
    long start = stats.getWindowStart().toEpochMilli();
    WindowStats previous = latest.get(start);
    if (previous != null) {
      stats.setRevision(previous.getRevision() + 1);
      stats.setLateEvents(previous.getLateEvents());
    } else {
      ctx.timerService().registerEventTimeTimer(cleanupTime(start));
    }
    latest.put(start, stats);
    out.collect(stats);
  }

  @Override
  public void processElement2(StatsSample late, Context ctx, Collector<WindowStats> out)
      throws Exception {
    long events = late.events();
    if (late.host == null) {
      lateEvents.inc(events); // the roll-up counts each event once
    }
    long start = TimeWindow.getWindowStartWithOffset(late.eventTime, 0, windowSize);
    Long pending = pendingLate.get(start);
    pendingLate.put(start, pending == null ? events : pending + events);
    long watermark = ctx.timerService().currentWatermark();
    ctx.timerService()
        .registerEventTimeTimer(watermark == Long.MIN_VALUE ? late.eventTime : watermark + 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowStats> out)
      throws Exception {
    flushLate(ctx, out);
    List<Long> expired = new ArrayList<>();
    for (Long start : latest.keys()) {
      if (cleanupTime(start) <= timestamp) {
        expired.add(start);
      }
    }
    for (Long start : expired) {
      latest.remove(start);
    }
  }

  private void flushLate(OnTimerContext ctx, Collector<WindowStats> out) throws Exception {
    if (pendingLate.isEmpty()) {
      return;
    }
    for (Map.Entry<Long, Long> entry : pendingLate.entries()) {
      long start = entry.getKey();
      WindowStats previous = latest.get(start);
      WindowStats updated;
      if (previous == null) {
        updated = empty(ctx.getCurrentKey(), start);
        ctx.timerService().registerEventTimeTimer(cleanupTime(start));
      } else {
        updated = WindowStats.newBuilder(previous).setRevision(previous.getRevision() + 1).build();
      }
      updated.setLateEvents(updated.getLateEvents() + entry.getValue());
      latest.put(start, updated);
      out.collect(updated);
    }
    pendingLate.clear();
  }

  private WindowStats empty(StatsKey key, long start) {
    return WindowStats.newBuilder()
        .setService(key.service)
        .setHost(key.host)
        .setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(start + windowSize))
        .setRevision(0)
        .setCount(0)
        .build();
  }

  private long cleanupTime(long windowStart) {
    return windowStart + windowSize - 1 + keepAfterEnd;
  }
}
