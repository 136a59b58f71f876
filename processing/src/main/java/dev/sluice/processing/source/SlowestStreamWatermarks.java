package dev.sluice.processing.source;

import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.types.Either;
import org.apache.flink.util.clock.RelativeClock;

/**
 * The watermark of one Kafka partition: the event-time progress of its slowest stream, where a
 * stream is what is written in time order by itself — one service's events from one host and one
 * source (a file, a syslog listener, an HTTP endpoint, an appender). Services share partitions (the
 * key is the service, and there are fewer partitions than services), and a backfill's shipper reads
 * its files side by side at the speed of bytes, not of event time; so one stream of a partition can
 * run far ahead of another. Taking the slowest keeps every stream's events on time, whatever the
 * others do: the watermark is {@code min(stream's largest event time) - outOfOrderness - 1} over
 * the streams heard from within the last {@code idleness} of input activity.
 *
 * <p>Guarantees: never moves back; rejects do not count; a stream quiet for {@code idleness} stops
 * holding the watermark back (and is forgotten) until it talks again; at most {@link #MAX_STREAMS}
 * streams per partition are tracked (more are read, but do not hold the watermark back). Cost: a
 * stream that stops holds the partition's watermark back for {@code idleness}.
 */
final class SlowestStreamWatermarks implements WatermarkGenerator<Either<LogEvent, Reject>> {
  /** Streams tracked per partition at most. */
  static final int MAX_STREAMS = 10_000;

  /** The most one periodic emit interval (200 ms by default) counts as busy time. */
  static final long MAX_BUSY_STEP_MILLIS = 1000;

  private final long outOfOrdernessMillis;
  private final long idleMillis;
  private final RelativeClock activity;
  private final Map<String, Progress> streams = new HashMap<>();
  private long emitted = Long.MIN_VALUE;

  /** Input activity time in which this partition delivered events, as far as counted. */
  private long busyMillis;

  private long lastEmitAt;
  private boolean heardSinceEmit;

  /** One stream's largest event time and when it was last heard (in {@code busyMillis}). */
  private static final class Progress {
    long maxTime = Long.MIN_VALUE;
    long heard;
  }

  SlowestStreamWatermarks(Duration outOfOrderness, Duration idleness, RelativeClock activity) {
    this.outOfOrdernessMillis = outOfOrderness.toMillis();
    this.idleMillis = idleness.toMillis();
    this.activity = activity;
    this.lastEmitAt = activity.relativeTimeMillis();
  }

  /** The stream an event belongs to. */
  static String streamOf(LogEvent e) {
    return e.getService() + '\n' + e.getHost() + '\n' + e.getSource();
  }

  @Override
  public void onEvent(Either<LogEvent, Reject> record, long timestamp, WatermarkOutput output) {
    if (!record.isLeft()) {
      return;
    }
    String stream = streamOf(record.left());
    Progress p = streams.get(stream);
    if (p == null) {
      if (streams.size() >= MAX_STREAMS) {
        return;
      }
      p = new Progress();
      streams.put(stream, p);
    }
    p.maxTime = Math.max(p.maxTime, timestamp);
    p.heard = busyMillis;
    heardSinceEmit = true;
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = activity.relativeTimeMillis();
    if (heardSinceEmit) {
      // An interval longer than a few periodic emits was a quiet partition (marked idle meanwhile)
      // that has just talked again: it counts as one step, not as time in which streams aged.
      busyMillis += Math.min(now - lastEmitAt, MAX_BUSY_STEP_MILLIS);
      heardSinceEmit = false;
    }
    lastEmitAt = now;
    long slowest = Long.MAX_VALUE;
    for (Iterator<Progress> it = streams.values().iterator(); it.hasNext(); ) {
      Progress p = it.next();
      if (busyMillis - p.heard > idleMillis) {
        it.remove();
      } else {
        slowest = Math.min(slowest, p.maxTime);
      }
    }
    if (slowest == Long.MAX_VALUE) {
      return; // nothing heard lately: the idleness wrapper marks the partition idle
    }
    long watermark = slowest - outOfOrdernessMillis - 1;
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
