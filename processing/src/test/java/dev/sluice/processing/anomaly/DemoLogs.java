package dev.sluice.processing.anomaly;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.ship.DemoPipelines;
import dev.sluice.model.LogEvent;
import java.util.function.Consumer;

/** The demo generator's records parsed and enriched as the shipper would: log events. */
final class DemoLogs {
  private DemoLogs() {}

  /** Hands every event of {@code config} to {@code out}, in event-time order; returns how many. */
  static long generate(DemoConfig config, Consumer<LogEvent> out) {
    return DemoPipelines.generate(config, "it", "demo", out);
  }
}
