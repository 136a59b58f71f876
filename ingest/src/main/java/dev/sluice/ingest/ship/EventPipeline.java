package dev.sluice.ingest.ship;

import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.parse.JsonLinesParser;
import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.codec.Codecs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The one per-record path that every way in (files, stdin, syslog, HTTP/OTLP, demo traffic) takes
 * from a record to the bytes handed to Kafka: parse, then either reject (when the source must
 * parse) or ship unparsed, enrich, encode, key by service. How the result is delivered — positions,
 * queues, all-or-nothing requests — stays with the way in.
 *
 * <p>Guarantees: a parser that throws counts as a parse failure, never as a crash; every record
 * that enters is counted once in {@link ShipMetrics#eventsReceived}, every record the parser did
 * not understand once in {@link ShipMetrics#parseFailures}; a reject carries the record's raw bytes
 * and the parser's reason, under the record's id. Not thread-safe (it owns an encoder): one per
 * reader thread, connection or event loop.
 */
public final class EventPipeline {
  /** A way in's last word on the parsed fields before enrichment (e.g. syslog's peer address). */
  @FunctionalInterface
  public interface FieldsHook {
    /** Leaves the fields as parsed. */
    FieldsHook NONE = fields -> {};

    void adjust(ParsedFields fields);
  }

  private static final int MAX_CACHED_KEYS = 1024;

  private final LogParser parser;
  private final boolean mustParse;
  private final Enricher enricher;
  private final KafkaSettings kafka;
  private final ShipMetrics metrics;
  private final EventEncoder encoder = new EventEncoder();
  private final AccessLogFastPath accessLog;
  private final JsonLinesParser json;
  private final Map<String, byte[]> keys = new HashMap<>();
  private String lastService;
  private byte[] lastKey;

  /**
   * @param parser the source's parser
   * @param mustParse whether a record the parser does not understand goes to the rejects topic
   *     (else it is shipped unparsed, level UNKNOWN)
   * @param kafka the topics records go to; null for a pipeline that only {@link #process}es
   */
  public EventPipeline(
      LogParser parser,
      boolean mustParse,
      Enricher enricher,
      KafkaSettings kafka,
      ShipMetrics metrics) {
    this.parser = parser;
    this.mustParse = mustParse;
    this.enricher = enricher;
    this.kafka = kafka;
    this.metrics = metrics;
    this.accessLog = kafka == null ? null : AccessLogFastPath.of(parser, enricher);
    this.json = kafka != null && parser instanceof JsonLinesParser j ? j : null;
  }

  /** The enrichment this pipeline applies (its configured service, host, labels). */
  public Enricher enricher() {
    return enricher;
  }

  /** What one record became: an event for the logs topic, or a reject. */
  public sealed interface Result {
    /** The record as a {@code LogEvent}. */
    record Event(LogEvent event) implements Result {}

    /** The record had to parse and did not. */
    record Rejected(Reject reject) implements Result {}
  }

  /**
   * Parses one record and returns what to send for it: a {@code LogEvent} on the logs topic, or a
   * reject on the rejects topic, encoded and keyed by service.
   *
   * @param text the record (a line, a merged multiline record, a syslog message)
   * @param raw its bytes as read, kept in a reject; null to use {@code text}'s UTF-8
   * @param id its deterministic id
   * @param source where it came from (a file path, {@code stdin}, {@code syslog-tcp} …)
   * @param received when it was read
   * @param truncated whether it was cut at the size limit
   * @param hook last adjustments to the parsed fields
   */
  public OutgoingRecord record(
      String text,
      byte[] raw,
      String id,
      String source,
      Instant received,
      boolean truncated,
      FieldsHook hook) {
    return encode(process(text, raw, id, source, received, truncated, hook));
  }

  /**
   * {@link #record} for a record whose UTF-8 bytes as read are at hand ({@code text} is {@code
   * utf8[offset, offset + length)} decoded), so that a parser may read the bytes instead of the
   * text (see {@link LogParser#parse(String, byte[], int, int)}); the result is the same.
   */
  public OutgoingRecord record(
      String text,
      byte[] utf8,
      int offset,
      int length,
      byte[] raw,
      String id,
      String source,
      Instant received,
      boolean truncated) {
    Result result =
        process(text, utf8, offset, length, raw, id, source, received, truncated, FieldsHook.NONE);
    if (result instanceof Result.Event e) {
      LogEvent event = e.event();
      return toEventsTopic(event.getService(), encoder.encode(event, text, utf8, offset, length));
    }
    return encode(result);
  }

  /**
   * What {@link #record(String, byte[], int, int, byte[], String, String, Instant, boolean)}
   * returns for the file line {@code utf8[offset, offset + length)} with the id {@code
   * <fingerprint>:<start>} ({@link Enricher#eventId}), read straight from the bytes without
   * decoding the line to a string first, where the source's parser allows it: an access-log line of
   * the plain combined or common shape ({@link AccessLogFastPath}), or a JSON line that {@link
   * JsonLinesParser#parseUtf8} reads. The same bytes; null where this does not apply, and the
   * caller then decodes the line and calls {@code record}. Counted as received only when it returns
   * a record.
   */
  public OutgoingRecord line(
      byte[] utf8,
      int offset,
      int length,
      String fingerprint,
      long start,
      String source,
      Instant received,
      boolean truncated) {
    if (accessLog != null) {
      byte[] value =
          accessLog.encode(utf8, offset, length, fingerprint, start, source, received, truncated);
      if (value == null) {
        return null;
      }
      metrics.eventsReceived.increment();
      return toEventsTopic(enricher.service(), value);
    }
    if (json == null) {
      return null;
    }
    LogEvent event;
    try {
      ParseResult.Parsed parsed = json.parseUtf8(utf8, offset, length);
      if (parsed == null) {
        return null; // the text path gives the result, and the reason
      }
      ParsedFields fields = parsed.fields(); // parseUtf8 always sets the message
      String id = Enricher.eventId(fingerprint, start);
      event = enricher.event(fields, fields.message, id, source, received, truncated);
    } catch (RuntimeException e) {
      return null; // the text path counts it as the parser's failure
    }
    metrics.eventsReceived.increment();
    return toEventsTopic(event.getService(), encoder.encode(event));
  }

  /**
   * Returns what to send for a record its transport already parsed into fields (HTTP NDJSON, OTLP):
   * enrich, encode, key.
   */
  public OutgoingRecord parsed(
      ParsedFields fields,
      String text,
      String id,
      String source,
      Instant received,
      boolean truncated) {
    metrics.eventsReceived.increment();
    return encode(new Result.Event(enricher.event(fields, text, id, source, received, truncated)));
  }

  /**
   * The parse and enrich steps of {@link #record} without the encoding, for callers that keep
   * events in memory (benchmarks, tests that feed the job directly).
   */
  public Result process(
      String text,
      byte[] raw,
      String id,
      String source,
      Instant received,
      boolean truncated,
      FieldsHook hook) {
    return process(text, null, 0, 0, raw, id, source, received, truncated, hook);
  }

  private Result process(
      String text,
      byte[] utf8,
      int offset,
      int length,
      byte[] raw,
      String id,
      String source,
      Instant received,
      boolean truncated,
      FieldsHook hook) {
    metrics.eventsReceived.increment();
    ParseResult result = parse(text, utf8, offset, length);
    ParsedFields fields;
    if (result instanceof ParseResult.Parsed parsed) {
      fields = parsed.fields();
    } else {
      metrics.parseFailures.increment();
      if (mustParse) {
        String reason = parser.name() + ": " + ((ParseResult.Failed) result).reason();
        byte[] bytes = raw != null ? raw : text.getBytes(StandardCharsets.UTF_8);
        return new Result.Rejected(enricher.reject(id, source, reason, bytes, received));
      }
      fields = ParsedFields.unparsed(text);
    }
    hook.adjust(fields);
    return new Result.Event(enricher.event(fields, text, id, source, received, truncated));
  }

  private OutgoingRecord encode(Result result) {
    if (result instanceof Result.Event e) {
      LogEvent event = e.event();
      return toEventsTopic(event.getService(), encoder.encode(event));
    }
    Reject reject = ((Result.Rejected) result).reject();
    return new OutgoingRecord(
        kafka.rejectsTopic(), key(enricher.service()), Codecs.rejects().encode(reject), true);
  }

  /** An encoded event for the events topic, keyed by its service. */
  private OutgoingRecord toEventsTopic(String service, byte[] value) {
    return new OutgoingRecord(kafka.topic(), key(service), value, false);
  }

  private ParseResult parse(String text, byte[] utf8, int offset, int length) {
    try {
      return utf8 == null ? parser.parse(text) : parser.parse(text, utf8, offset, length);
    } catch (RuntimeException e) {
      return new ParseResult.Failed("parser error " + e);
    }
  }

  private byte[] key(String service) {
    if (service == lastService) {
      return lastKey; // nearly always: the configured service, the same instance every record
    }
    byte[] key = keys.get(service);
    if (key == null) {
      key = service.getBytes(StandardCharsets.UTF_8);
      if (keys.size() < MAX_CACHED_KEYS) {
        keys.put(service, key);
      }
    }
    lastService = service;
    lastKey = key;
    return key;
  }
}
