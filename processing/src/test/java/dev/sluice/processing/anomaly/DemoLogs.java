package dev.sluice.processing.anomaly;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.DemoEvent;
import dev.sluice.ingest.demo.DemoTrafficGenerator;
import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.ingest.ship.Enricher;
import dev.sluice.model.LogEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The demo generator's records parsed and enriched as the shipper would: log events. */
public final class DemoLogs {
  private DemoLogs() {}

  /** Hands every event of {@code config} to {@code out}, in event-time order; returns how many. */
  public static long generate(DemoConfig config, Consumer<LogEvent> out) {
    Map<String, LogParser> parsers = new HashMap<>();
    Map<String, Enricher> enrichers = new HashMap<>();
    long n = 0;
    try (DemoTrafficGenerator demo = new DemoTrafficGenerator(config)) {
      while (demo.hasNext()) {
        DemoEvent e = demo.next();
        ParseResult r = parsers.computeIfAbsent(e.format(), Parsers::byName).parse(e.line());
        if (r instanceof ParseResult.Parsed parsed) {
          Enricher enricher =
              enrichers.computeIfAbsent(
                  e.service() + "/" + e.host(),
                  k -> new Enricher(e.service(), e.host(), "it", Map.of()));
          out.accept(
              enricher.event(
                  parsed.fields(), e.line(), "demo:" + n++, "demo", e.eventTime(), false));
        }
      }
    }
    return n;
  }
}
