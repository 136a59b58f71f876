package dev.sluice.appenders.core;

import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Turns a {@link CapturedEvent} into the {@link LogEvent} the shipper would have produced for the
 * same line in a file.
 *
 * <ul>
 *   <li><b>Id</b>: {@code <appender instance id>:<sequence>}, unique per appender start, so a
 *       record the producer resends is recognisable downstream.
 *   <li><b>Stack trace</b>: appended to the message after a line break, as the shipper's multiline
 *       merge does (LogEvent has no separate field for it).
 *   <li><b>Trace context</b>: {@code trace_id} / {@code span_id} (what OpenTelemetry's Logback and
 *       Log4j MDC instrumentation writes), else {@code traceId} / {@code spanId}, become the
 *       event's ids and are not repeated as attributes; every other MDC entry is an attribute.
 *   <li><b>Size</b>: a message (stack trace included) longer than {@code maxMessageChars} is cut
 *       there and the event is flagged {@code truncated}.
 * </ul>
 *
 * Thread-safe.
 */
public final class EventBuilder {
  static final List<String> TRACE_ID_KEYS = List.of("trace_id", "traceId");
  static final List<String> SPAN_ID_KEYS = List.of("span_id", "spanId");

  private final String service;
  private final String host;
  private final String environment;
  private final String source;
  private final String idPrefix;
  private final int maxMessageChars;
  private final Supplier<Instant> clock;
  private final AtomicLong sequence = new AtomicLong();

  /**
   * @param source the event's {@code source}, e.g. {@code appender:logback}
   * @param instanceId what makes ids unique to this appender start
   */
  public EventBuilder(
      AppenderSettings settings, String source, String instanceId, Supplier<Instant> clock) {
    this.service = settings.service();
    this.host = settings.host();
    this.environment = settings.environment();
    this.source = source;
    this.idPrefix = instanceId + ":";
    this.maxMessageChars = settings.maxMessageChars();
    this.clock = clock;
  }

  /** Builds the event; consumes one sequence number. */
  public LogEvent build(CapturedEvent captured) {
    Map<String, String> context = captured.context();
    String message = captured.message() == null ? "" : captured.message();
    if (captured.stackTrace() != null) {
      message = message.isEmpty() ? captured.stackTrace() : message + "\n" + captured.stackTrace();
    }
    boolean truncated = message.length() > maxMessageChars;
    if (truncated) {
      int end = maxMessageChars;
      if (Character.isHighSurrogate(message.charAt(end - 1))) {
        end--;
      }
      message = message.substring(0, end);
    }
    LogEvent event = new LogEvent();
    event.setId(idPrefix + sequence.getAndIncrement());
    event.setEventTime(Instant.ofEpochMilli(captured.timeMillis()));
    event.setIngestTime(clock.get());
    event.setService(service);
    event.setHost(host);
    event.setEnvironment(environment);
    event.setSource(source);
    event.setLevel(captured.level() == null ? Level.UNKNOWN : captured.level());
    event.setMessage(message);
    event.setLogger(captured.logger());
    event.setThread(captured.thread());
    event.setTraceId(first(context, TRACE_ID_KEYS));
    event.setSpanId(first(context, SPAN_ID_KEYS));
    event.setAttributes(attributes(context));
    event.setTruncated(truncated);
    return event;
  }

  private static String first(Map<String, String> context, List<String> keys) {
    for (String key : keys) {
      String value = context.get(key);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  private static Map<String, String> attributes(Map<String, String> context) {
    if (context.isEmpty()) {
      return Map.of();
    }
    Map<String, String> attributes = new HashMap<>(context.size() * 2);
    for (Map.Entry<String, String> entry : context.entrySet()) {
      String key = entry.getKey();
      if (key != null
          && entry.getValue() != null
          && !TRACE_ID_KEYS.contains(key)
          && !SPAN_ID_KEYS.contains(key)) {
        attributes.put(key, entry.getValue());
      }
    }
    return attributes;
  }
}
