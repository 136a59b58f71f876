package dev.sluice.processing.stats;

import dev.sluice.model.LogEvent;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The stats samples of the job's events, folded per stats key and window ahead of the keyed
 * exchange — a local combiner, as Flink SQL's local-global aggregation does it: instead of one
 * sample per event and key crossing the network into the window operator, each source subtask sends
 * one pre-aggregated {@link StatsSample} ({@link StatsSample#partial}) per key and window, when the
 * watermark passes the window's end, which the window operator merges ({@link AggregateStats}).
 *
 * <p>Guarantees: every event is in exactly one emitted sample per key it belongs to (its service's
 * roll-up and, when it names a host, its service and host), in the window its timestamp falls in,
 * emitted before the watermark that lets the window operator fire that window. So the windows
 * downstream see the same events, no later than one by one, and give the same figures. Where a
 * key's events come through one subtask (the job's Kafka records are keyed by service), a window's
 * partial holds them in the order the window operator saw them one by one, so even the sketches'
 * approximate figures (top paths, distinct clients) come out the same, and a backfill matches live
 * traffic ({@code BackfillMatchesLiveIT}) — as long as the cap below is not reached, since reaching
 * it sends windows before they are complete. An event behind the watermark — its window already
 * emitted — is sent alone, as before, so lateness and revisions downstream are unchanged (after a
 * restore, until the first watermark, such an event is folded instead: the same figures). Pending
 * partials are operator state (list state, redistributed on rescaling: each carries its key and
 * window), so a checkpoint neither loses nor repeats them. Memory: at most {@code maxEntries}
 * accumulators; when that many are pending, all are emitted at once. Chained to the source task
 * (Flink's default chaining), as the flat map it replaced.
 */
public final class LocalStatsCombiner extends AbstractStreamOperator<StatsSample>
    implements OneInputStreamOperator<LogEvent, StatsSample> {
  private static final long serialVersionUID = 1L;

  /**
   * Keys × windows pending at most before everything is emitted: room for a fleet of a few thousand
   * hosts per subtask and window. An accumulator's sketches are made on first use (a few KiB for a
   * host with HTTP traffic), and the window operator holds as many for the same keys.
   */
  public static final int DEFAULT_MAX_ENTRIES = 4096;

  private final long windowSize;
  private final int maxEntries;
  private transient Map<Slot, WindowAccumulator> pending;
  private transient ListState<StatsSample> pendingState;
  private transient StatsSample scratch;
  private transient long watermark;

  /** A stats key and the start of one of its windows. */
  private record Slot(String service, String host, long windowStart) {
    static Slot of(StatsSample partial) {
      return new Slot(partial.service, partial.host, partial.eventTime);
    }

    StatsSample sample(WindowAccumulator acc) {
      return StatsSample.partial(service, host, windowStart, acc);
    }
  }

  /** A combiner for tumbling windows of {@code window}, pending at most the default entries. */
  public LocalStatsCombiner(Duration window) {
    this(window, DEFAULT_MAX_ENTRIES);
  }

  /** A combiner for tumbling windows of {@code window}, pending at most {@code maxEntries}. */
  public LocalStatsCombiner(Duration window, int maxEntries) {
    if (maxEntries < 2) {
      throw new IllegalArgumentException("maxEntries must be at least 2, got " + maxEntries);
    }
    this.windowSize = window.toMillis();
    this.maxEntries = maxEntries;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    pending = new LinkedHashMap<>();
    scratch = new StatsSample();
    watermark = Long.MIN_VALUE;
    pendingState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>("pending", StatsSampleSerializer.INSTANCE));
    for (StatsSample s : pendingState.get()) { // after a rescale, one slot may come twice
      pending.merge(Slot.of(s), s.partial, WindowAccumulator::merge);
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    pendingState.clear();
    for (Map.Entry<Slot, WindowAccumulator> e : pending.entrySet()) {
      pendingState.add(e.getKey().sample(e.getValue()));
    }
  }

  @Override
  public void processElement(StreamRecord<LogEvent> element) {
    LogEvent event = element.getValue();
    long time =
        element.hasTimestamp() ? element.getTimestamp() : event.getEventTime().toEpochMilli();
    long start = TimeWindow.getWindowStartWithOffset(time, 0, windowSize);
    String host = event.getHost();
    boolean withHost = host != null && !host.isEmpty();
    if (maxTimestamp(start) <= watermark) { // its window is out already: alone, as before
      output.collect(new StreamRecord<>(StatsSample.of(event, null), time));
      if (withHost) {
        output.collect(new StreamRecord<>(StatsSample.of(event, host), time));
      }
      return;
    }
    StatsSample sample = scratch.fill(event, null); // the accumulator reads no key fields
    fold(new Slot(event.getService(), null, start), sample);
    if (withHost) {
      fold(new Slot(event.getService(), host, start), sample);
    }
    if (pending.size() >= maxEntries - 1) {
      emit(Long.MAX_VALUE);
    }
  }

  private void fold(Slot slot, StatsSample sample) {
    pending.computeIfAbsent(slot, s -> new WindowAccumulator()).add(sample);
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    watermark = Math.max(watermark, mark.getTimestamp());
    emit(watermark);
    super.processWatermark(mark);
  }

  @Override
  public void finish() throws Exception {
    emit(Long.MAX_VALUE);
    super.finish();
  }

  /** Emits the pending windows whose last millisecond is at or before {@code time}. */
  private void emit(long time) {
    Iterator<Map.Entry<Slot, WindowAccumulator>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Slot, WindowAccumulator> e = it.next();
      Slot slot = e.getKey();
      if (maxTimestamp(slot.windowStart()) <= time) {
        output.collect(new StreamRecord<>(slot.sample(e.getValue()), slot.windowStart()));
        it.remove();
      }
    }
  }

  private long maxTimestamp(long windowStart) {
    return windowStart + windowSize - 1;
  }
}
