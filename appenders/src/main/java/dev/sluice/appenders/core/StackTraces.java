package dev.sluice.appenders.core;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Writes a throwable the way {@link Throwable#printStackTrace()} does (causes, suppressed
 * exceptions, "... n more"), which is also what the shipper finds in a log file after a message and
 * merges into it. Total: a throwable whose own methods fail still yields a line.
 */
public final class StackTraces {
  private StackTraces() {}

  /** The stack trace text without a trailing line break, or null for a null throwable. */
  public static String of(Throwable thrown) {
    if (thrown == null) {
      return null;
    }
    try {
      StringWriter out = new StringWriter(1024);
      try (PrintWriter writer = new PrintWriter(out)) {
        thrown.printStackTrace(writer);
      }
      return stripTrailingLineBreak(out.toString());
    } catch (RuntimeException | StackOverflowError e) {
      return thrown.getClass().getName() + " (stack trace unavailable: " + e + ")";
    }
  }

  static String stripTrailingLineBreak(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }
}
