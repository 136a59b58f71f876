package dev.sluice.ingest.demo;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.sluice.model.Level;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes demo records in each service's format. Timestamps are UTC with an explicit offset, so they
 * read the same whatever a parser's default zone. The date-time down to the second is formatted
 * once per simulated second. Not thread-safe: one per generator.
 */
final class LineWriter {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();

  private final StringBuilder sb = new StringBuilder(1024);
  private long second = Long.MIN_VALUE;
  private String isoSecond; // 2024-01-15T10:23:45
  private String apacheSecond; // 15/Jan/2024:10:23:45
  private String pythonSecond; // 2024-01-15 10:23:45

  private void second(long millis) {
    long s = Math.floorDiv(millis, 1000);
    if (s == second) {
      return;
    }
    second = s;
    LocalDateTime t = LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
    String date =
        String.format("%04d-%02d-%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth());
    String time = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    isoSecond = date + "T" + time;
    pythonSecond = date + " " + time;
    apacheSecond =
        String.format(
            "%02d/%s/%04d:%s", t.getDayOfMonth(), MONTHS[t.getMonthValue() - 1], t.getYear(), time);
  }

  private StringBuilder millis(long millis) {
    int ms = (int) Math.floorMod(millis, 1000L);
    if (ms < 100) {
      sb.append('0');
    }
    if (ms < 10) {
      sb.append('0');
    }
    return sb.append(ms);
  }

  private StringBuilder iso(long t) {
    second(t);
    sb.append(isoSecond).append('.');
    return millis(t).append('Z');
  }

  /** A combined access log line with the request time in seconds at the end (Nginx style). */
  String access(
      long t,
      String client,
      String method,
      String target,
      int status,
      long bytes,
      String referrer,
      String agent,
      double latencyMs) {
    second(t);
    sb.setLength(0);
    sb.append(client).append(" - - [").append(apacheSecond).append(" +0000] \"");
    sb.append(method).append(' ').append(target).append(" HTTP/1.1\" ");
    sb.append(status).append(' ').append(bytes).append(" \"").append(referrer).append("\" \"");
    sb.append(agent).append("\" ");
    long ms = Math.max(0, Math.round(latencyMs));
    sb.append(ms / 1000).append('.');
    long frac = ms % 1000;
    if (frac < 100) {
      sb.append('0');
    }
    if (frac < 10) {
      sb.append('0');
    }
    return sb.append(frac).toString();
  }

  /** An application log record in {@code format}; {@code stack} (may be null) per its habit. */
  String app(
      AppLogFormat format,
      long t,
      Level level,
      String service,
      String host,
      String logger,
      String thread,
      String message,
      String traceId,
      String stack) {
    sb.setLength(0);
    switch (format) {
      case LOGBACK:
        iso(t).append(" [").append(thread).append("] ").append(level.name());
        sb.append(level.name().length() == 4 ? "  " : " ")
            .append(logger)
            .append(" - ")
            .append(message);
        if (stack != null) {
          sb.append('\n').append(stack);
        }
        break;
      case PYTHON:
        second(t);
        sb.append(pythonSecond).append(',');
        millis(t).append("+0000 - ").append(logger).append(" - ");
        sb.append(level == Level.WARN ? "WARNING" : level.name()).append(" - ").append(message);
        if (stack != null) {
          sb.append('\n').append(stack);
        }
        break;
      case JSON:
        sb.append("{\"@timestamp\":\"");
        iso(t).append("\",\"level\":\"").append(level.name()).append("\",\"logger_name\":\"");
        JSON.quoteAsString(logger, sb);
        sb.append("\",\"thread_name\":\"");
        JSON.quoteAsString(thread, sb);
        sb.append("\",\"message\":\"");
        JSON.quoteAsString(message, sb);
        sb.append("\",\"service\":\"").append(service).append("\",\"host\":\"").append(host);
        sb.append("\",\"trace_id\":\"").append(traceId).append('"');
        if (stack != null) {
          sb.append(",\"stack_trace\":\"");
          JSON.quoteAsString(stack, sb);
          sb.append('"');
        }
        sb.append('}');
        break;
      case LOGFMT:
        sb.append("time=");
        iso(t)
            .append(" level=")
            .append(level.name().toLowerCase(java.util.Locale.ROOT))
            .append(" logger=")
            .append(logger);
        sb.append(" msg=\"");
        for (int i = 0; i < message.length(); i++) {
          char c = message.charAt(i);
          if (c == '"' || c == '\\') {
            sb.append('\\');
          }
          sb.append(c == '\n' ? ' ' : c);
        }
        sb.append("\" trace_id=").append(traceId);
        break;
      case SYSLOG:
        sb.append('<').append(16 * 8 + severity(level)).append(">1 ");
        iso(t).append(' ').append(host).append(' ').append(service).append(' ');
        sb.append(1000 + (host.hashCode() & 0xfff))
            .append(" - [req@32473 trace=\"")
            .append(traceId)
            .append("\"] ");
        sb.append(message);
        break;
      default:
        throw new IllegalStateException("unknown format " + format);
    }
    return sb.toString();
  }

  private static int severity(Level level) {
    switch (level) {
      case FATAL:
        return 2;
      case ERROR:
        return 3;
      case WARN:
        return 4;
      case INFO:
        return 6;
      default:
        return 7;
    }
  }
}
