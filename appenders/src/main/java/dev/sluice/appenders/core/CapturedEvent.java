package dev.sluice.appenders.core;

import dev.sluice.model.Level;
import java.util.Map;

/**
 * What an appender takes from a logging framework's event, on the logging thread, before the event
 * object may be reused or its thread's MDC changes: everything {@link EventBuilder} needs and
 * nothing framework-specific.
 *
 * @param timeMillis when the event was logged, epoch milliseconds
 * @param level the framework level mapped onto Sluice's
 * @param message the formatted message, never null
 * @param logger the logger name, or null
 * @param thread the logging thread's name, or null
 * @param context MDC (thread context) entries and structured key/values; never null
 * @param stackTrace the throwable as {@code printStackTrace} writes it, or null
 */
public record CapturedEvent(
    long timeMillis,
    Level level,
    String message,
    String logger,
    String thread,
    Map<String, String> context,
    String stackTrace) {}
