package dev.sluice.processing.source;

import dev.sluice.model.LogEvent;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time from {@link LogEvent#getEventTime()}, with watermarks that trail the largest time seen
 * by the allowed out-of-orderness, and a source split that has been quiet for the idleness timeout
 * stops holding the watermark back.
 */
public final class EventTimeWatermarks {
  private EventTimeWatermarks() {}

  /** The strategy for the given bounds. */
  public static WatermarkStrategy<LogEvent> strategy(Duration outOfOrderness, Duration idleness) {
    return WatermarkStrategy.<LogEvent>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner((event, kafkaTimestamp) -> event.getEventTime().toEpochMilli())
        .withIdleness(idleness);
  }
}
