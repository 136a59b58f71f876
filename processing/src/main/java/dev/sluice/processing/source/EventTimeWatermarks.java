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

  /** How often the source subtasks agree on the slowest watermark. */
  static final Duration ALIGNMENT_UPDATE = Duration.ofSeconds(1);

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
