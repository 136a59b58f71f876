package dev.sluice.ingest.parse;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a parser found in one record. Every field but {@code message} may be null: enrichment fills
 * in the event id, service, host and times (event time falls back to ingest time) from the source
 * and the configuration.
 */
public final class ParsedFields {
  public Instant eventTime;
  public Level level;
  public String message;
  public String logger;
  public String thread;
  public String traceId;
  public String spanId;

  /** Host named by the record itself (syslog), which wins over the configured one. */
  public String host;

  /** Service named by the record itself (JSON "service", syslog app-name), if any. */
  public String service;

  public HttpRequest http;
  public final Map<String, String> attributes = new LinkedHashMap<>();

  /** Fields for a record no parser understood: the whole record is the message. */
  public static ParsedFields unparsed(String record) {
    ParsedFields fields = new ParsedFields();
    fields.level = Level.UNKNOWN;
    fields.message = record;
    return fields;
  }
}
