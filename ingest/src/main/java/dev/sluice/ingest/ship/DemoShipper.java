package dev.sluice.ingest.ship;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.DemoEvent;
import dev.sluice.ingest.demo.DemoTrafficGenerator;
import dev.sluice.ingest.file.DeliveredPosition;
import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the demo traffic generator's events ({@code sluice ship --source demo}) through the same
 * parse, enrich, encode and delivery path as files: each record is parsed with the parser its
 * format names, keyed by its service, and carries the id {@code demo-<seed>:<sequence>} (the same
 * configuration gives the same ids). Paced to the wall clock (live demo) or as fast as Kafka takes
 * it. Ends with the generator (its duration) or {@link #stop()}, after delivering what was sent.
 */
public final class DemoShipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoShipper.class);

  private final DemoConfig demo;
  private final boolean realtime;
  private final KafkaSettings kafka;
  private final String environment;
  private final Map<String, String> labels;
  private final ShipMetrics metrics = new ShipMetrics();
  private final KafkaDelivery delivery;
  private final EventEncoder encoder = new EventEncoder();
  private final Map<String, LogParser> parsers = new HashMap<>();
  private volatile boolean stopping;

  public DemoShipper(
      DemoConfig demo,
      boolean realtime,
      KafkaSettings kafka,
      String environment,
      Map<String, String> labels,
      long maxInFlightBytes) {
    this.demo = demo;
    this.realtime = realtime;
    this.kafka = kafka;
    this.environment = environment;
    this.labels = Map.copyOf(labels);
    this.delivery = new KafkaDelivery(kafka, maxInFlightBytes, metrics);
  }

  /** The counters. */
  public ShipMetrics metrics() {
    return metrics;
  }

  /** Generates and ships until the demo's end or {@link #stop()}. */
  public void run() throws InterruptedException {
    LOG.info("shipping demo traffic (seed {}) to {}", demo.seed(), kafka);
    if (!delivery.awaitKafka(() -> stopping)) {
      return;
    }
    DeliveredPosition position = new DeliveredPosition(0);
    long wallStart = System.currentTimeMillis();
    long sequence = 0;
    try (DemoTrafficGenerator generator = new DemoTrafficGenerator(demo)) {
      while (!stopping && generator.hasNext()) {
        DemoEvent event = generator.next();
        if (realtime) {
          long due = wallStart + (event.timeMillis() - demo.start().toEpochMilli());
          long wait = due - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
        }
        DeliveredPosition.Batch batch = position.openBatch();
        metrics.linesRead.increment();
        metrics.bytesRead.add(event.line().length());
        LogEvent logEvent = toEvent(event, "demo-" + demo.seed() + ":" + sequence);
        boolean sent =
            delivery.send(
                kafka.topic(),
                logEvent.getService().getBytes(StandardCharsets.UTF_8),
                encoder.encode(logEvent),
                batch,
                false,
                () -> stopping);
        if (!sent) {
          break;
        }
        batch.seal(++sequence);
        RuntimeException fatal = delivery.fatal();
        if (fatal != null) {
          throw fatal;
        }
      }
    } finally {
      delivery.flush();
      delivery.close();
      LOG.info("demo: {} events sent", metrics.eventsSent.sum());
    }
  }

  private LogEvent toEvent(DemoEvent event, String id) {
    LogParser parser = parsers.computeIfAbsent(event.format(), Parsers::byName);
    ParseResult result = parser.parse(event.line());
    ParsedFields fields;
    if (result instanceof ParseResult.Parsed parsed) {
      fields = parsed.fields();
    } else {
      metrics.parseFailures.increment();
      fields = ParsedFields.unparsed(event.line());
    }
    Enricher enricher = new Enricher(event.service(), event.host(), environment, labels);
    return enricher.event(fields, event.line(), id, "demo", Instant.now(), false);
  }

  /** Asks {@link #run()} to finish. */
  public void stop() {
    stopping = true;
  }

  @Override
  public void close() {
    stop();
  }
}
