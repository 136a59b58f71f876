package dev.sluice.appenders.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import dev.sluice.appenders.core.CapturedEvent;
import dev.sluice.appenders.core.StackTraces;
import dev.sluice.model.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * Reads a Logback event into a {@link CapturedEvent}: the formatted message, level, logger, thread,
 * the MDC plus SLF4J 2 key/value pairs (the MDC wins on a clash), and the throwable as {@code
 * printStackTrace} writes it (Logback's own rendering when only a proxy is left, e.g. after
 * deserialisation).
 */
final class LogbackEvents {
  private LogbackEvents() {}

  static CapturedEvent capture(ILoggingEvent event) {
    return new CapturedEvent(
        event.getTimeStamp(),
        level(event.getLevel()),
        event.getFormattedMessage(),
        event.getLoggerName(),
        event.getThreadName(),
        context(event),
        stackTrace(event.getThrowableProxy()));
  }

  static Level level(ch.qos.logback.classic.Level level) {
    if (level == null) {
      return Level.UNKNOWN;
    }
    return switch (level.toInt()) {
      case ch.qos.logback.classic.Level.TRACE_INT -> Level.TRACE;
      case ch.qos.logback.classic.Level.DEBUG_INT -> Level.DEBUG;
      case ch.qos.logback.classic.Level.INFO_INT -> Level.INFO;
      case ch.qos.logback.classic.Level.WARN_INT -> Level.WARN;
      case ch.qos.logback.classic.Level.ERROR_INT -> Level.ERROR;
      default -> Level.UNKNOWN;
    };
  }

  private static Map<String, String> context(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null || pairs.isEmpty()) {
      return mdc == null ? Map.of() : mdc;
    }
    Map<String, String> context = new HashMap<>();
    for (KeyValuePair pair : pairs) {
      if (pair.key != null && pair.value != null) {
        context.put(pair.key, String.valueOf(pair.value));
      }
    }
    if (mdc != null) {
      context.putAll(mdc);
    }
    return context;
  }

  private static String stackTrace(IThrowableProxy proxy) {
    if (proxy == null) {
      return null;
    }
    if (proxy instanceof ThrowableProxy real && real.getThrowable() != null) {
      return StackTraces.of(real.getThrowable());
    }
    return ThrowableProxyUtil.asString(proxy).stripTrailing();
  }
}
