package dev.sluice.ingest.stdin;

import dev.sluice.ingest.file.DeliveredPosition;
import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.multiline.MultilineAggregator;
import dev.sluice.ingest.multiline.MultilineRecord;
import dev.sluice.ingest.ship.Enricher;
import dev.sluice.ingest.ship.EventPipeline;
import dev.sluice.ingest.ship.ShipSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Turns stdin lines into events exactly as a file source does: multiline merging (the source's
 * mode, with its flush timeout), the source's parser, unparsed records shipped with level UNKNOWN
 * or sent to the rejects topic when the source must parse, enrichment and encoding. Each record's
 * id is {@code stdin-<run id>:<byte offset of its first line>}. Every record sent is counted in a
 * {@link DeliveredPosition}, so {@link #allDelivered()} says when Kafka has acknowledged them all.
 * Thread-safe: the reader and the timeout poller share it.
 */
final class StdinRecords {
  private final EventPipeline pipeline;
  private final KafkaDelivery delivery;
  private final ShipMetrics metrics;
  private final BooleanSupplier stopping;
  private final MultilineAggregator aggregator;
  private final DeliveredPosition delivered = new DeliveredPosition(0);
  private final String idPrefix;
  private boolean pendingTruncated;
  private long sequence;
  private boolean aborted;

  StdinRecords(
      ShipSource source,
      Enricher enricher,
      KafkaSettings kafka,
      KafkaDelivery delivery,
      ShipMetrics metrics,
      String runId,
      BooleanSupplier stopping) {
    this.pipeline =
        new EventPipeline(source.parser(), source.mustParse(), enricher, kafka, metrics);
    this.delivery = delivery;
    this.metrics = metrics;
    this.stopping = stopping;
    this.aggregator =
        source.multiline() == null ? null : source.multiline().newAggregator(Clock.systemUTC());
    this.idPrefix = "stdin-" + runId;
  }

  /** One line read; see {@link LineReader}. */
  synchronized void line(byte[] bytes, int length, long start, long end, boolean truncated)
      throws InterruptedException {
    metrics.linesRead.increment();
    metrics.bytesRead.add(end - start);
    if (truncated) {
      metrics.eventsTruncated.increment();
    }
    String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
    if (aggregator == null) {
      if (!text.isEmpty()) {
        ship(text, start, truncated);
      }
      return;
    }
    MultilineRecord record = aggregator.add(text, start, end);
    if (record == null) {
      pendingTruncated |= truncated;
      return;
    }
    boolean cut = record.truncated() || pendingTruncated;
    if (record.endOffset() == end) {
      cut |= truncated;
      pendingTruncated = false;
    } else {
      pendingTruncated = truncated;
    }
    shipRecord(record, cut);
  }

  /** Ships a record whose merging timed out (quiet input); call regularly. */
  synchronized void pollTimeout() throws InterruptedException {
    if (aggregator != null) {
      MultilineRecord record = aggregator.pollTimeout();
      if (record != null) {
        shipRecord(record, record.truncated() || pendingTruncated);
        pendingTruncated = false;
      }
    }
  }

  /** Ships the record still being merged (end of input). */
  synchronized void flush() throws InterruptedException {
    if (aggregator != null) {
      MultilineRecord record = aggregator.flush();
      if (record != null) {
        shipRecord(record, record.truncated() || pendingTruncated);
      }
    }
  }

  /** Whether Kafka acknowledged every record sent; false if one could not be sent (stopping). */
  boolean allDelivered() {
    return !aborted && delivered.allDelivered();
  }

  /** Records sent and not yet acknowledged, roughly. */
  int unacknowledged() {
    return delivery.inFlightRecords();
  }

  private void shipRecord(MultilineRecord record, boolean truncated) throws InterruptedException {
    if (!record.text().isBlank()) {
      ship(record.text(), record.startOffset(), truncated);
    }
  }

  private void ship(String record, long start, boolean truncated) throws InterruptedException {
    if (aborted) {
      return;
    }
    KafkaDelivery.OutgoingRecord out =
        pipeline.record(
            record,
            null,
            Enricher.eventId(idPrefix, start),
            "stdin",
            Instant.now(),
            truncated,
            EventPipeline.FieldsHook.NONE);
    send(out);
  }

  private void send(KafkaDelivery.OutgoingRecord out) throws InterruptedException {
    DeliveredPosition.Batch batch = delivered.openBatch();
    if (!delivery.send(out, batch, stopping)) {
      aborted = true; // stopping while Kafka's budget is spent: this record was not sent
      return;
    }
    batch.seal(++sequence);
    delivered.delivered(); // forgets acknowledged batches
  }
}
