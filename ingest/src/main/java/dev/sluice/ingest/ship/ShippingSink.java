package dev.sluice.ingest.ship;

import dev.sluice.ingest.file.DeliveredPosition;
import dev.sluice.ingest.file.LineSink;
import dev.sluice.ingest.file.SourcePosition;
import dev.sluice.ingest.file.TailedFile;
import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.multiline.MultilineAggregator;
import dev.sluice.ingest.multiline.MultilineOptions;
import dev.sluice.ingest.multiline.MultilineRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Merges (multiline), parses, enriches, encodes and sends the lines of one configured source,
 * batching them per read so the read position advances only when Kafka acknowledged the whole read;
 * a record still being merged holds the position at its first line. Blank records are skipped.
 * Invalid UTF-8 is replaced (U+FFFD), never fatal. A record the parser does not understand is
 * shipped unparsed, or sent to the rejects topic when the source must parse.
 *
 * <p>The records of one read go to Kafka as groups ({@link KafkaDelivery#sendAll}) of at most
 * {@link #GROUP_RECORDS} records or {@link #GROUP_BYTES} bytes, handed over when the group is full
 * and at the end of the read, before the batch is sealed: the in-flight budget, the batch's count
 * and the sent counters move once per group instead of once per record (per record there is only
 * the producer's callback, counting down), so the reader and Kafka's I/O thread do not contend for
 * the same counters on every line. The guarantees do not change: the read position still advances
 * only when Kafka acknowledged every record of the read.
 */
final class ShippingSink implements LineSink {
  /** Records handed to Kafka at once, at most. */
  static final int GROUP_RECORDS = 4096;

  /** Bytes (as {@link KafkaDelivery#budgetFor} counts them) handed to Kafka at once, at most. */
  static final long GROUP_BYTES = 1024 * 1024;

  private final EventPipeline pipeline;
  private final KafkaDelivery delivery;
  private final ShipMetrics metrics;
  private final BooleanSupplier stopping;
  private final MultilineOptions multiline;
  private final boolean keepRaw;
  private final Map<SourcePosition, Merging> merging = new HashMap<>();
  private final List<KafkaDelivery.OutgoingRecord> group = new ArrayList<>();
  private long groupBytes;
  private DeliveredPosition.Batch batch;
  private Instant readTime;
  private boolean aborted;

  /** The multiline state of one source. */
  private static final class Merging {
    MultilineAggregator aggregator;
    long nextLine = -1;
    boolean pendingTruncated;
  }

  ShippingSink(
      ShipSource source,
      Enricher enricher,
      KafkaSettings kafka,
      KafkaDelivery delivery,
      ShipMetrics metrics,
      BooleanSupplier stopping) {
    this.pipeline =
        new EventPipeline(source.parser(), source.mustParse(), enricher, kafka, metrics);
    this.multiline = source.multiline();
    this.keepRaw = source.mustParse(); // the raw bytes are only ever kept in a reject
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
    SourcePosition position = file.position();
    if (batch == null) {
      batch = position.delivery().openBatch();
      readTime = Instant.now();
    }
    metrics.linesRead.increment();
    if (truncated) {
      metrics.eventsTruncated.increment();
    }
    if (multiline == null) {
      if (length > 0) {
        KafkaDelivery.OutgoingRecord fast =
            pipeline.line(
                bytes,
                offset,
                length,
                position.fingerprint(),
                start,
                position.path(),
                readTime,
                truncated);
        if (fast != null) {
          send(fast);
          return;
        }
        String record = new String(bytes, offset, length, StandardCharsets.UTF_8);
        ship(position, record, start, truncated, bytes, offset, length);
      }
      return;
    }
    Merging m = merging.computeIfAbsent(position, p -> new Merging());
    if (m.aggregator == null || m.nextLine != start) {
      // first line, or reading resumed elsewhere (re-read after truncation): start afresh
      m.aggregator = multiline.newAggregator(Clock.systemUTC());
      m.pendingTruncated = false;
    }
    m.nextLine = end;
    String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
    MultilineRecord record = m.aggregator.add(text, start, end);
    if (record == null) {
      m.pendingTruncated |= truncated;
      return;
    }
    boolean cut = record.truncated() || m.pendingTruncated;
    if (record.endOffset() == end) {
      cut |= truncated;
      m.pendingTruncated = false;
    } else {
      m.pendingTruncated = truncated;
    }
    shipRecord(position, record, cut);
  }

  @Override
  public void readEnded(TailedFile file) {
    sendGroup();
    if (batch != null && !aborted) {
      long safe = file.lineStart();
      Merging m = merging.get(file.position());
      if (m != null && m.aggregator != null && m.aggregator.pendingStartOffset() >= 0) {
        safe = Math.min(safe, m.aggregator.pendingStartOffset());
      }
      batch.seal(safe);
    }
    batch = null;
  }

  /** Ships records whose merging timed out (a quiet file's last record); call regularly. */
  void pollTimeouts() {
    release(false);
  }

  /** Ships every record still being merged (end of input). */
  void flushAll() {
    release(true);
  }

  private void release(boolean all) {
    Iterator<Map.Entry<SourcePosition, Merging>> it = merging.entrySet().iterator();
    while (it.hasNext() && !aborted) {
      Map.Entry<SourcePosition, Merging> entry = it.next();
      Merging m = entry.getValue();
      if (m.aggregator == null) {
        continue;
      }
      MultilineRecord record = all ? m.aggregator.flush() : m.aggregator.pollTimeout();
      if (record == null) {
        continue;
      }
      batch = entry.getKey().delivery().openBatch();
      readTime = Instant.now();
      shipRecord(entry.getKey(), record, record.truncated() || m.pendingTruncated);
      sendGroup();
      m.pendingTruncated = false;
      if (!aborted) {
        batch.seal(record.endOffset());
      }
      batch = null;
    }
  }

  private void shipRecord(SourcePosition position, MultilineRecord record, boolean truncated) {
    if (record.text().isBlank()) {
      return;
    }
    ship(position, record.text(), record.startOffset(), truncated, null, 0, 0);
  }

  private void ship(
      SourcePosition position,
      String record,
      long start,
      boolean truncated,
      byte[] rawBytes,
      int rawOffset,
      int rawLength) {
    byte[] raw =
        keepRaw && rawBytes != null
            ? Arrays.copyOfRange(rawBytes, rawOffset, rawOffset + rawLength)
            : null;
    String id = Enricher.eventId(position.fingerprint(), start);
    KafkaDelivery.OutgoingRecord out =
        rawBytes != null
            ? pipeline.record(
                record,
                rawBytes,
                rawOffset,
                rawLength,
                raw,
                id,
                position.path(),
                readTime,
                truncated)
            : pipeline.record(
                record,
                raw,
                id,
                position.path(),
                readTime,
                truncated,
                EventPipeline.FieldsHook.NONE);
    send(out);
  }

  private void send(KafkaDelivery.OutgoingRecord out) {
    group.add(out);
    groupBytes += out.size();
    if (group.size() >= GROUP_RECORDS || groupBytes >= GROUP_BYTES) {
      sendGroup();
    }
  }

  /** Hands the records collected so far to Kafka as one group of the current batch. */
  private void sendGroup() {
    if (group.isEmpty()) {
      return;
    }
    try {
      if (!aborted && !delivery.sendAll(group, batch, stopping)) {
        aborted = true; // stopping: this batch is never sealed, so its position is never saved
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      aborted = true;
    } finally {
      group.clear();
      groupBytes = 0;
    }
  }
}
