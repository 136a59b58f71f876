package dev.sluice.ingest.ship;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.DemoEvent;
import dev.sluice.ingest.demo.DemoTrafficGenerator;
import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.model.LogEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The event pipelines of the demo generator's simulated service instances: each record is parsed
 * with the parser its format names and enriched with its service and host, as a shipper on that
 * host would. A line without a parseable time takes the simulated time it was generated at, not the
 * wall clock (a fast demo runs far ahead of it). {@code sluice ship --source demo} sends what this
 * makes; benchmarks and tests that feed the job in memory take the same events from {@link
 * #generate}. Holds one pipeline per service, host and format (a few dozen). Not thread-safe.
 */
public final class DemoPipelines {
  private final KafkaSettings kafka;
  private final String environment;
  private final Map<String, String> labels;
  private final ShipMetrics metrics;
  private final Map<String, EventPipeline> pipelines = new HashMap<>();

  /**
   * @param kafka the topics; null when events are only {@link #process}ed
   */
  public DemoPipelines(
      KafkaSettings kafka, String environment, Map<String, String> labels, ShipMetrics metrics) {
    this.kafka = kafka;
    this.environment = environment;
    this.labels = Map.copyOf(labels);
    this.metrics = metrics;
  }

  /**
   * Every event of {@code config}, in generation order, as the shipper makes them; returns how
   * many.
   */
  public static long generate(
      DemoConfig config, String environment, String idPrefix, Consumer<LogEvent> out) {
    DemoPipelines pipelines = new DemoPipelines(null, environment, Map.of(), new ShipMetrics());
    long n = 0;
    try (DemoTrafficGenerator demo = new DemoTrafficGenerator(config)) {
      while (demo.hasNext()) {
        DemoEvent e = demo.next();
        if (pipelines.process(e, idPrefix + ":" + n, e.eventTime())
            instanceof EventPipeline.Result.Event event) {
          out.accept(event.event());
          n++;
        }
      }
    }
    return n;
  }

  /** What the shipper sends for {@code event}. */
  public KafkaDelivery.OutgoingRecord record(DemoEvent event, String id, Instant received) {
    return pipelineOf(event)
        .record(event.line(), null, id, "demo", received, false, simulatedTime(event));
  }

  /** {@link #record} without the encoding. */
  public EventPipeline.Result process(DemoEvent event, String id, Instant received) {
    return pipelineOf(event)
        .process(event.line(), null, id, "demo", received, false, simulatedTime(event));
  }

  private static EventPipeline.FieldsHook simulatedTime(DemoEvent event) {
    return fields -> {
      if (fields.eventTime == null) {
        fields.eventTime = event.eventTime();
      }
    };
  }

  private EventPipeline pipelineOf(DemoEvent event) {
    return pipelines.computeIfAbsent(
        event.service() + '\n' + event.host() + '\n' + event.format(),
        k ->
            new EventPipeline(
                Parsers.byName(event.format()),
                false,
                new Enricher(event.service(), event.host(), environment, labels),
                kafka,
                metrics));
  }
}
