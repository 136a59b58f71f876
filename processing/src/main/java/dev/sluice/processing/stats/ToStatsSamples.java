package dev.sluice.processing.stats;

import dev.sluice.model.LogEvent;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each event into one sample for its service roll-up and, when the event names a host, one
 * for its service and host. Stateless.
 */
public final class ToStatsSamples implements FlatMapFunction<LogEvent, StatsSample> {
  private static final long serialVersionUID = 1L;

  @Override
  public void flatMap(LogEvent event, Collector<StatsSample> out) {
    out.collect(StatsSample.of(event, null));
    String host = event.getHost();
    if (host != null && !host.isEmpty()) {
      out.collect(StatsSample.of(event, host));
    }
  }
}
