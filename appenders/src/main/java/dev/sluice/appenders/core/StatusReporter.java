package dev.sluice.appenders.core;

/**
 * The logging framework's own status channel (Logback's StatusManager, Log4j2's StatusLogger). An
 * appender reports through it and never through itself or any logger, so that reporting a problem
 * can never feed the problem. Implementations must be thread-safe and must not throw.
 */
public interface StatusReporter {
  void info(String message);

  void warn(String message);

  void error(String message, Throwable cause);
}
