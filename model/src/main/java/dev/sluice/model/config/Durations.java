package dev.sluice.model.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one duration grammar of every Sluice setting — the shipper's flags and YAML, the demo, the
 * query shortcuts and the Flink job's flags alike: the grammar of Flink's {@code
 * TimeUtils.parseDuration}, so a value written for the job means the same everywhere. A whole
 * number, optional spaces and a unit: {@code ns}, {@code us}/{@code µs}, {@code ms}, {@code s},
 * {@code m}/{@code min}, {@code h}, {@code d} (and their long forms: {@code seconds}, {@code
 * minutes} …); a bare number is milliseconds, as in Flink. Two additions Flink does not read:
 * {@code w}/{@code week(s)}, and ISO-8601 ({@code PT1H30M}).
 *
 * <p>{@code DurationsTest} and, against Flink's own parser, {@code DurationGrammarTest} in {@code
 * processing} pin the grammar. Written by hand rather than calling {@code TimeUtils} so the shipper
 * does not carry flink-core.
 */
public final class Durations {
  /** Unit labels, as Flink's {@code TimeUtils} spells them, plus weeks. */
  private static final Map<String, ChronoUnit> UNITS = new HashMap<>();

  static {
    label(ChronoUnit.NANOS, "ns", "nano", "nanosecond");
    label(ChronoUnit.MICROS, "µs", "us", "micro", "microsecond");
    label(ChronoUnit.MILLIS, "ms", "milli", "millisecond");
    label(ChronoUnit.SECONDS, "s", "sec", "second");
    label(ChronoUnit.MINUTES, "m", "min", "minute");
    label(ChronoUnit.HOURS, "h", "hour");
    label(ChronoUnit.DAYS, "d", "day");
    label(ChronoUnit.WEEKS, "w", "week");
  }

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the value and showing the grammar, if it is not a
   *     duration
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw error("null");
    }
    String t = text.strip();
    if (t.length() > 1 && (t.charAt(0) == 'P' || t.charAt(0) == 'p')) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw error(text);
      }
    }
    int digits = 0;
    while (digits < t.length() && t.charAt(digits) >= '0' && t.charAt(digits) <= '9') {
      digits++;
    }
    if (digits == 0) {
      throw error(text);
    }
    long value;
    try {
      value = Long.parseLong(t.substring(0, digits));
    } catch (NumberFormatException e) {
      throw error(text);
    }
    String label = t.substring(digits).strip().toLowerCase(Locale.ROOT);
    ChronoUnit unit = label.isEmpty() ? ChronoUnit.MILLIS : UNITS.get(label);
    if (unit == null) {
      throw error(text);
    }
    try {
      return unit == ChronoUnit.WEEKS
          ? Duration.ofDays(Math.multiplyExact(value, 7))
          : Duration.of(value, unit);
    } catch (ArithmeticException e) {
      throw error(text);
    }
  }

  /** {@link #parse}, with the setting's name in the error: {@code --warm-up: '…' is not …}. */
  public static Duration parse(String text, String setting) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException error(String text) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' is not a duration: write a whole number and a unit, e.g. 500ms, 90s, 5m, 2h, 7d"
            + " (or ISO-8601 such as PT1H30M)");
  }

  /** Registers the labels of {@code unit}; long labels also in the plural. */
  private static void label(ChronoUnit unit, String... labels) {
    for (String label : labels) {
      UNITS.put(label, unit);
      if (label.length() > 2) {
        UNITS.put(label + "s", unit);
      }
    }
  }
}
