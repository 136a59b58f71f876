package dev.sluice.ingest.parse;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The key names structured logs use for the fields of a log event, shared by the JSON, logfmt and
 * regex parsers. A key is matched exactly (after the variants listed here, and their lower-case
 * forms); anything else, and any known key whose value cannot be read (a bad date, a status that
 * is not a number), lands in {@link ParsedFields#attributes} under its original key, so nothing is
 * lost.
 *
 * <p>Keys: time ({@code @timestamp timestamp time ts datetime date asctime event_time}), level
 * ({@code level lvl severity loglevel log_level log.level levelname}), message ({@code message msg
 * @message log text event}), logger, thread, trace and span ids (snake, camel and dotted forms),
 * host, service ({@code service service.name app application app_name}), and HTTP fields (method,
 * path or uri, query, protocol, status, bytes, duration in ms, {@code request_time} in seconds,
 * client address, user agent, referrer).
 */
public final class KnownFields {

  /** The event field a key maps to. */
  public enum Field {
    TIME,
    LEVEL,
    MESSAGE,
    LOGGER,
    THREAD,
    TRACE_ID,
    SPAN_ID,
    HOST,
    SERVICE,
    HTTP_METHOD,
    HTTP_PATH,
    HTTP_QUERY,
    HTTP_PROTOCOL,
    HTTP_STATUS,
    HTTP_BYTES,
    HTTP_DURATION_MS,
    HTTP_DURATION_S,
    HTTP_CLIENT,
    HTTP_AGENT,
    HTTP_REFERRER
  }

  private static final Map<String, Field> KEYS = new HashMap<>();

  static {
    put(Field.TIME, "@timestamp", "timestamp", "time", "ts", "datetime", "date", "asctime");
    put(Field.TIME, "event_time", "eventTime", "@t");
    put(Field.LEVEL, "level", "lvl", "severity", "loglevel", "log_level", "log.level", "levelname");
    put(Field.LEVEL, "level_name", "@l", "severity_text");
    put(Field.MESSAGE, "message", "msg", "@message", "@m", "log", "text", "event");
    put(Field.LOGGER, "logger", "logger_name", "loggerName", "log.logger", "category");
    put(Field.THREAD, "thread", "thread_name", "threadName", "process.thread.name");
    put(Field.TRACE_ID, "trace_id", "traceId", "trace.id", "traceid", "dd.trace_id", "trace");
    put(Field.SPAN_ID, "span_id", "spanId", "span.id", "spanid", "dd.span_id", "span");
    put(Field.HOST, "host", "hostname", "host.name", "host_name");
    put(Field.SERVICE, "service", "service.name", "service_name", "app", "application", "app_name");
    put(Field.HTTP_METHOD, "method", "http.method", "http.request.method", "request_method");
    put(Field.HTTP_PATH, "path", "uri", "url.path", "request_uri", "http.path", "http.target");
    put(Field.HTTP_QUERY, "query", "query_string", "url.query", "args");
    put(Field.HTTP_PROTOCOL, "protocol", "server_protocol", "http.flavor");
    put(Field.HTTP_STATUS, "status", "status_code", "http.status_code", "statusCode");
    put(Field.HTTP_STATUS, "http.response.status_code", "response_status");
    put(Field.HTTP_BYTES, "bytes", "bytes_sent", "body_bytes_sent", "http.response.body.bytes");
    put(Field.HTTP_BYTES, "response_size", "size");
    put(Field.HTTP_DURATION_MS, "duration_ms", "durationMs", "latency_ms", "latencyMs");
    put(Field.HTTP_DURATION_MS, "elapsed_ms", "response_time_ms", "took_ms", "took");
    put(Field.HTTP_DURATION_S, "request_time", "requestTime", "duration_s", "rt");
    put(Field.HTTP_CLIENT, "remote_addr", "client_ip", "client.ip", "clientAddress", "client");
    put(Field.HTTP_CLIENT, "client_address", "remote_ip", "clientIp");
    put(Field.HTTP_AGENT, "user_agent", "http_user_agent", "user_agent.original", "userAgent");
    put(Field.HTTP_AGENT, "agent");
    put(Field.HTTP_REFERRER, "referrer", "referer", "http_referer", "http.request.referrer");
  }

  private static void put(Field field, String... keys) {
    for (String key : keys) {
      KEYS.putIfAbsent(key, field);
      KEYS.putIfAbsent(key.toLowerCase(Locale.ROOT), field);
    }
  }

  private KnownFields() {}

  /** The field a key maps to, or {@code null} for a free-form attribute. */
  public static Field lookup(String key) {
    return KEYS.get(key);
  }

  /**
   * Puts {@code value} found under {@code key} into {@code fields}: into the field the key names
   * (the first occurrence wins), else into attributes.
   */
  public static void assign(
      ParsedFields fields, String key, String value, TimestampParser timestamps) {
    assign(fields, lookup(key), key, value, timestamps);
  }

  /** As {@link #assign(ParsedFields, String, String, TimestampParser)} with the field resolved. */
  public static void assign(
      ParsedFields fields, Field field, String key, String value, TimestampParser timestamps) {
    if (value == null) {
      return;
    }
    if (field == null || !assignKnown(fields, field, value, timestamps)) {
      fields.attributes.put(key, value);
    }
  }

  private static boolean assignKnown(
      ParsedFields f, Field field, String value, TimestampParser timestamps) {
    switch (field) {
      case TIME:
        if (f.eventTime != null) {
          return false;
        }
        Instant time = timestamps.parse(value);
        f.eventTime = time;
        return time != null;
      case LEVEL:
        if (f.level != null) {
          return false;
        }
        Level level = Levels.fromName(value);
        f.level = level;
        return level != null;
      case MESSAGE:
        if (f.message != null) {
          return false;
        }
        // Docker's json-file driver keeps the line's own terminator in "log"
        f.message = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        return true;
      case LOGGER:
        return f.logger == null && (f.logger = value) != null;
      case THREAD:
        return f.thread == null && (f.thread = value) != null;
      case TRACE_ID:
        return f.traceId == null && (f.traceId = value) != null;
      case SPAN_ID:
        return f.spanId == null && (f.spanId = value) != null;
      case HOST:
        return f.host == null && (f.host = value) != null;
      case SERVICE:
        return f.service == null && (f.service = value) != null;
      default:
        return assignHttp(f, field, value);
    }
  }

  private static boolean assignHttp(ParsedFields f, Field field, String value) {
    HttpRequest http = f.http != null ? f.http : new HttpRequest();
    boolean done;
    switch (field) {
      case HTTP_METHOD:
        done = http.getMethod() == null;
        if (done) http.setMethod(value);
        break;
      case HTTP_PATH:
        done = http.getPath() == null;
        if (done) {
          int q = value.indexOf('?');
          http.setPath(q < 0 ? value : value.substring(0, q));
          if (q >= 0 && http.getQuery() == null) {
            http.setQuery(value.substring(q + 1));
          }
        }
        break;
      case HTTP_QUERY:
        done = http.getQuery() == null;
        if (done) http.setQuery(value);
        break;
      case HTTP_PROTOCOL:
        done = http.getProtocol() == null;
        if (done) http.setProtocol(value);
        break;
      case HTTP_STATUS:
        int status = parseInt(value);
        done = http.getStatus() == null && status >= 100 && status <= 599;
        if (done) http.setStatus(status);
        break;
      case HTTP_BYTES:
        long bytes = "-".equals(value) ? 0 : parseLong(value);
        done = http.getBytes() == null && bytes >= 0;
        if (done) http.setBytes(bytes);
        break;
      case HTTP_DURATION_MS:
      case HTTP_DURATION_S:
        double d = parseDouble(value);
        done = http.getDurationMs() == null && d >= 0;
        if (done) http.setDurationMs(field == Field.HTTP_DURATION_S ? d * 1000.0 : d);
        break;
      case HTTP_CLIENT:
        done = http.getClientAddress() == null;
        if (done) http.setClientAddress(value);
        break;
      case HTTP_AGENT:
        done = http.getUserAgent() == null;
        if (done) http.setUserAgent(value);
        break;
      case HTTP_REFERRER:
        done = http.getReferrer() == null;
        if (done) http.setReferrer(value);
        break;
      default:
        done = false;
    }
    if (done) {
      f.http = http;
    }
    return done;
  }

  /**
   * Completes a parse: a missing message becomes {@code fallbackMessage}, a missing level comes
   * from the HTTP status if there is one, else UNKNOWN.
   */
  public static ParsedFields finish(ParsedFields f, String fallbackMessage) {
    if (f.message == null) {
      f.message = fallbackMessage;
    }
    if (f.level == null) {
      Integer status = f.http != null ? f.http.getStatus() : null;
      f.level = status != null ? Levels.fromHttpStatus(status) : Level.UNKNOWN;
    }
    return f;
  }

  static int parseInt(String s) {
    return s == null || s.length() > 9 ? -1 : (int) Digits.parse(s, 0, s.length());
  }

  static long parseLong(String s) {
    return s == null ? -1 : Digits.parse(s, 0, s.length());
  }

  static double parseDouble(String s) {
    if (s == null || s.isEmpty() || s.length() > 32) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        return -1;
      }
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
