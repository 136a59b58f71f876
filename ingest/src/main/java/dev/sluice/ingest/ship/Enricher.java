package dev.sluice.ingest.ship;

import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns parsed fields into a {@link LogEvent} with the configured service, host, environment and
 * static labels, and a deterministic id.
 *
 * <p>The id is {@code <source fingerprint>:<start position>}: the same line of the same file gets
 * the same id however often it is read, so a line resent after a crash is recognisable downstream.
 * A configured service ({@code --service}, YAML {@code service:}) always wins over a syslog tag or
 * APP-NAME (a program name, kept in the attribute {@code syslog.appname}); a service the record
 * names explicitly (a JSON "service", OTLP's {@code service.name}) wins over the configured one.
 * The record's host wins over the configured one; configured labels win over parsed attributes of
 * the same name.
 */
public final class Enricher {
  private final String service;
  private final String host;
  private final String environment;
  private final Map<String, String> labels;

  public Enricher(String service, String host, String environment, Map<String, String> labels) {
    this.service = service;
    this.host = host;
    this.environment = environment;
    this.labels = Map.copyOf(labels);
  }

  /** The deterministic id of the record starting at {@code position} of source {@code source}. */
  public static String eventId(String sourceFingerprint, long position) {
    return sourceFingerprint + ":" + position;
  }

  /** The configured service. */
  public String service() {
    return service;
  }

  /** The configured host, or null. */
  public String host() {
    return host;
  }

  /** The configured environment, or null. */
  public String environment() {
    return environment;
  }

  /** Whether static labels are configured (they are merged into every event's attributes). */
  public boolean hasLabels() {
    return !labels.isEmpty();
  }

  /** Builds the event for one record. */
  public LogEvent event(
      ParsedFields fields,
      String record,
      String id,
      String source,
      Instant ingestTime,
      boolean truncated) {
    LogEvent event = new LogEvent();
    event.setId(id);
    event.setIngestTime(ingestTime);
    event.setEventTime(fields.eventTime != null ? fields.eventTime : ingestTime);
    boolean parsed = fields.service != null && !fields.service.isEmpty();
    boolean tag = parsed && fields.service.equals(fields.attributes.get("syslog.appname"));
    boolean configured = service != null && !service.isEmpty();
    event.setService(parsed && !(tag && configured) ? fields.service : service);
    event.setHost(fields.host != null ? fields.host : host);
    event.setEnvironment(environment);
    event.setSource(source);
    event.setLevel(fields.level != null ? fields.level : Level.UNKNOWN);
    event.setMessage(fields.message != null ? fields.message : record);
    event.setLogger(fields.logger);
    event.setThread(fields.thread);
    event.setTraceId(fields.traceId);
    event.setSpanId(fields.spanId);
    event.setHttp(fields.http);
    event.setAttributes(attributes(fields.attributes));
    event.setTruncated(truncated);
    return event;
  }

  /** Builds the reject for a record that had to parse and did not. */
  public Reject reject(String id, String source, String reason, byte[] raw, Instant now) {
    Reject reject = new Reject();
    reject.setId(id);
    reject.setReceivedTime(now);
    reject.setService(service);
    reject.setSource(source);
    reject.setStage("parse");
    reject.setReason(reason);
    reject.setRaw(ByteBuffer.wrap(raw));
    return reject;
  }

  private Map<String, String> attributes(Map<String, String> parsed) {
    if (parsed.isEmpty()) {
      return labels;
    }
    if (labels.isEmpty()) {
      return parsed;
    }
    Map<String, String> merged = new HashMap<>(parsed);
    merged.putAll(labels);
    return merged;
  }
}
