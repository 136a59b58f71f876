package dev.sluice.ingest.ship;

import dev.sluice.ingest.file.DeliveredPosition;
import dev.sluice.ingest.file.LineSink;
import dev.sluice.ingest.file.TailedFile;
import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Parses, enriches, encodes and sends the lines of one configured source, batching them per read so
 * the read position advances only when Kafka acknowledged the whole read. Blank lines are skipped.
 * Invalid UTF-8 is replaced (U+FFFD), never fatal. A record the parser does not understand is
 * shipped unparsed, or sent to the rejects topic when the source must parse.
 */
final class ShippingSink implements LineSink {
  private final ShipperConfig.Source source;
  private final LogParser parser;
  private final Enricher enricher;
  private final KafkaSettings kafka;
  private final KafkaDelivery delivery;
  private final ShipMetrics metrics;
  private final BooleanSupplier stopping;
  private final EventEncoder events = new EventEncoder();
  private final Map<String, byte[]> keys = new HashMap<>();
  private DeliveredPosition.Batch batch;
  private Instant readTime;
  private boolean aborted;

  ShippingSink(
      ShipperConfig.Source source,
      Enricher enricher,
      KafkaSettings kafka,
      KafkaDelivery delivery,
      ShipMetrics metrics,
      BooleanSupplier stopping) {
    this.source = source;
    this.parser = source.parser();
    this.enricher = enricher;
    this.kafka = kafka;
    this.delivery = delivery;
    this.metrics = metrics;
    this.stopping = stopping;
  }

  @Override
  public void line(
      TailedFile file,
      byte[] bytes,
      int offset,
      int length,
      long start,
      long end,
      boolean truncated) {
    if (aborted) {
      return;
    }
    if (batch == null) {
      batch = file.position().delivery().openBatch();
      readTime = Instant.now();
    }
    metrics.linesRead.increment();
    if (length == 0) {
      return;
    }
    if (truncated) {
      metrics.eventsTruncated.increment();
    }
    String record = new String(bytes, offset, length, StandardCharsets.UTF_8);
    String id = Enricher.eventId(file.position().fingerprint(), start);
    ParseResult result = parse(record);
    ParsedFields fields;
    if (result instanceof ParseResult.Parsed parsed) {
      fields = parsed.fields();
    } else {
      metrics.parseFailures.increment();
      String reason = ((ParseResult.Failed) result).reason();
      if (source.mustParse()) {
        byte[] raw = Arrays.copyOfRange(bytes, offset, offset + length);
        byte[] value =
            Codecs.rejects()
                .encode(
                    enricher.reject(
                        id, file.sourceName(), parser.name() + ": " + reason, raw, readTime));
        send(kafka.rejectsTopic(), enricher.service(), value, true);
        return;
      }
      fields = ParsedFields.unparsed(record);
    }
    LogEvent event = enricher.event(fields, record, id, file.sourceName(), readTime, truncated);
    send(kafka.topic(), event.getService(), events.encode(event), false);
  }

  @Override
  public void readEnded(TailedFile file) {
    if (batch != null && !aborted) {
      batch.seal(file.lineStart());
    }
    batch = null;
  }

  private ParseResult parse(String record) {
    try {
      return parser.parse(record);
    } catch (RuntimeException e) {
      return new ParseResult.Failed("parser error " + e);
    }
  }

  private void send(String topic, String service, byte[] value, boolean reject) {
    byte[] key = keys.get(service);
    if (key == null) {
      key = service.getBytes(StandardCharsets.UTF_8);
      if (keys.size() < 1024) {
        keys.put(service, key);
      }
    }
    try {
      if (!delivery.send(topic, key, value, batch, reject, stopping)) {
        aborted = true; // stopping: this batch is never sealed, so its position is never saved
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      aborted = true;
    }
  }
}
