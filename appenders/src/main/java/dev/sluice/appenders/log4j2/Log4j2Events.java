package dev.sluice.appenders.log4j2;

import dev.sluice.appenders.core.CapturedEvent;
import dev.sluice.appenders.core.StackTraces;
import dev.sluice.model.Level;
import java.util.Map;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.ThrowableProxy;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.util.ReadOnlyStringMap;

/**
 * Reads a Log4j2 event into a {@link CapturedEvent} at once (Log4j2 may reuse mutable events): the
 * formatted message, level, logger, thread, the thread context (MDC) map, and the throwable as
 * {@code printStackTrace} writes it (the proxy's rendering when only a proxy is left).
 */
final class Log4j2Events {
  private Log4j2Events() {}

  static CapturedEvent capture(LogEvent event) {
    Message message = event.getMessage();
    ReadOnlyStringMap context = event.getContextData();
    return new CapturedEvent(
        event.getInstant().getEpochMillisecond(),
        level(event.getLevel()),
        message == null ? "" : message.getFormattedMessage(),
        event.getLoggerName(),
        event.getThreadName(),
        context == null || context.isEmpty() ? Map.of() : context.toMap(),
        stackTrace(event));
  }

  static Level level(org.apache.logging.log4j.Level level) {
    if (level == null) {
      return Level.UNKNOWN;
    }
    return switch (level.getStandardLevel()) {
      case TRACE -> Level.TRACE;
      case DEBUG -> Level.DEBUG;
      case INFO -> Level.INFO;
      case WARN -> Level.WARN;
      case ERROR -> Level.ERROR;
      case FATAL -> Level.FATAL;
      default -> Level.UNKNOWN;
    };
  }

  private static String stackTrace(LogEvent event) {
    Throwable thrown = event.getThrown();
    if (thrown != null) {
      return StackTraces.of(thrown);
    }
    ThrowableProxy proxy = event.getThrownProxy();
    return proxy == null ? null : proxy.getExtendedStackTraceAsString("").stripTrailing();
  }
}
