package dev.sluice.sink;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Hive-style partitioners: {@code name=value} path segments that Spark, Trino, DuckDB and {@code
 * sluice query} prune on.
 *
 * <p>{@link #byTimeAndService} gives the default layout {@code
 * dt=YYYY-MM-DD/hour=HH/service=<name>} in UTC. Values are escaped the way Hive's {@code
 * FileUtils.escapePathName} does (control characters, DEL, curly braces and each of {@code " # % '
 * * / : = ? \ [ ] ^} become {@code %XX}), and a null or empty value becomes {@value
 * #DEFAULT_PARTITION}, so every value makes one safe path segment and reads back unchanged in
 * Hive-aware engines.
 */
public final class HivePartitioner {
  /** What Hive writes for a null or empty partition value. */
  public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private HivePartitioner() {}

  /**
   * {@code dt=YYYY-MM-DD/hour=HH/service=<name>} from a record's time (UTC) and service.
   *
   * @param time the record's event time; a null time fails the write with a clear message
   * @param service the record's service name; null or empty goes to {@value #DEFAULT_PARTITION}
   */
  public static <T> Partitioner<T> byTimeAndService(
      SerializableFunction<T, Instant> time,
      SerializableFunction<T, ? extends CharSequence> service) {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(service, "service");
    return record -> {
      Instant t = time.apply(record);
      if (t == null) {
        throw new IllegalArgumentException("record has no time to partition by: " + record);
      }
      CharSequence s = service.apply(record);
      return timePath(t) + "/service=" + escape(s == null ? null : s.toString());
    };
  }

  /** {@code dt=YYYY-MM-DD/hour=HH} from a record's time (UTC). */
  public static <T> Partitioner<T> byTime(SerializableFunction<T, Instant> time) {
    Objects.requireNonNull(time, "time");
    return record -> {
      Instant t = time.apply(record);
      if (t == null) {
        throw new IllegalArgumentException("record has no time to partition by: " + record);
      }
      return timePath(t);
    };
  }

  /** {@code dt=YYYY-MM-DD/hour=HH} for an instant, in UTC. */
  public static String timePath(Instant time) {
    long epochSecond = time.getEpochSecond();
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400L));
    int hour = (int) (Math.floorMod(epochSecond, 86_400L) / 3_600L);
    StringBuilder out = new StringBuilder(21).append("dt=");
    int year = day.getYear();
    if (year < 0 || year > 9999) {
      out.append(year); // outside what Hive's date type holds; still one segment
    } else {
      pad(out, year, 4);
    }
    out.append('-');
    pad(out, day.getMonthValue(), 2);
    out.append('-');
    pad(out, day.getDayOfMonth(), 2);
    out.append("/hour=");
    pad(out, hour, 2);
    return out.toString();
  }

  private static void pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    out.append(digits);
  }

  /** Escapes one partition value as Hive does; null or empty gives {@value #DEFAULT_PARTITION}. */
  public static String escape(String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_PARTITION;
    }
    int i0 = 0;
    while (i0 < value.length() && !needsEscape(value.charAt(i0))) {
      i0++;
    }
    if (i0 == value.length()) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (needsEscape(c)) {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Reverses {@link #escape}. */
  public static String unescape(String escaped) {
    if (DEFAULT_PARTITION.equals(escaped)) {
      return null;
    }
    StringBuilder out = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '%' && isHex(escaped, i + 1)) {
        out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isHex(String s, int at) {
    return at + 1 < s.length()
        && Character.digit(s.charAt(at), 16) >= 0
        && Character.digit(s.charAt(at + 1), 16) >= 0;
  }

  private static boolean needsEscape(char c) {
    if (c < 0x20 || c == 0x7F) {
      return true;
    }
    return switch (c) {
      case '"', '#', '%', '\'', '*', '/', ':', '=', '?', '\\', '{', '[', ']', '^' -> true;
      default -> false;
    };
  }
}
