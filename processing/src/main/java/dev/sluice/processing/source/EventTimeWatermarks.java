package dev.sluice.processing.source;

import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.types.Either;

/**
 * The Kafka source's event time: an event's {@link LogEvent#getEventTime()}, with watermarks
 * generated per Kafka partition (Flink's per-split watermarks). Within a partition the watermark
 * follows its slowest stream (one service's events from one host and source, see {@link
 * SlowestStreamWatermarks}) less the out-of-orderness bound, so services that share a partition
 * keep their lateness their own. The source's watermark is the smallest of its partitions', so a
 * partition that runs ahead holds no other back, whatever the number of partitions and the
 * parallelism.
 *
 * <ul>
 *   <li>A partition quiet for the idleness timeout stops holding the watermark back.
 *   <li>Watermark alignment: a partition whose watermark runs more than {@code maxDrift} ahead of
 *       the slowest one's (over all source subtasks) pauses until the others catch up, so a
 *       backfill reads partitions at the pace of event time and the windows open at any moment span
 *       at most about {@code maxDrift}: state stays bounded.
 *   <li>Rejects carry their Kafka timestamp (for the sinks) but never move a watermark: a
 *       backfill's rejects, stamped "now", would otherwise make every event late.
 * </ul>
 */
public final class EventTimeWatermarks {
  /** The alignment group of the {@code logs} source. */
  public static final String ALIGNMENT_GROUP = "sluice-logs";

  /**
   * How often the source subtasks agree on the slowest watermark. It bounds how fast a backlog is
   * read: a partition pauses once its watermark is {@code maxDrift} past the slowest one as last
   * agreed, and that agreement lags by about this interval plus Flink's watermark interval (200
   * ms), so even the slowest partition reads at most about {@code maxDrift} of event time per lag.
   * At Flink's default of 1 s that held a backlog to about 60 times real time whatever the machine
   * ({@code sluice bench job}, 1,000 events a second of event time: 56–60k events/s with half the
   * machine idle; 100k, CPU-bound, at this interval). At 100 ms the bound is about 200 times real
   * time (by this reckoning; on two cores the job does not reach it), for one small message per
   * source subtask and interval to the job manager.
   */
  static final Duration ALIGNMENT_UPDATE = Duration.ofMillis(100);

  private EventTimeWatermarks() {}

  /** The strategy for the given bounds. */
  public static WatermarkStrategy<Either<LogEvent, Reject>> strategy(
      Duration outOfOrderness, Duration idleness, Duration maxDrift) {
    // Idleness inside the filter: a partition holding only rejects goes idle too.
    WatermarkStrategy<Either<LogEvent, Reject>> slowestStream =
        context ->
            new EventsOnly(
                new WatermarksWithIdleness<>(
                    new SlowestStreamWatermarks(
                        outOfOrderness, idleness, context.getInputActivityClock()),
                    idleness,
                    context.getInputActivityClock()));
    return slowestStream
        .withTimestampAssigner(EventTimeWatermarks::timestamp)
        .withWatermarkAlignment(ALIGNMENT_GROUP, maxDrift, ALIGNMENT_UPDATE);
  }

  static long timestamp(Either<LogEvent, Reject> record, long kafkaTimestamp) {
    return record.isLeft()
        ? record.left().getEventTime().toEpochMilli()
        : record.right().getReceivedTime().toEpochMilli();
  }

  /** Lets only events, not rejects, move the watermark. */
  static final class EventsOnly implements WatermarkGenerator<Either<LogEvent, Reject>> {
    private final WatermarkGenerator<Either<LogEvent, Reject>> events;

    EventsOnly(WatermarkGenerator<Either<LogEvent, Reject>> events) {
      this.events = events;
    }

    @Override
    public void onEvent(Either<LogEvent, Reject> record, long timestamp, WatermarkOutput output) {
      if (record.isLeft()) {
        events.onEvent(record, timestamp, output);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      events.onPeriodicEmit(output);
    }
  }
}
