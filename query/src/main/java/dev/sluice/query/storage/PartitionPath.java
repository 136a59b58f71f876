package dev.sluice.query.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The Hive-style partition of a stored object: {@code
 * <table>/dt=YYYY-MM-DD/hour=HH/service=<name>/…} or, for tables partitioned by time alone (such as
 * {@code rejects}), {@code <table>/dt=YYYY-MM-DD/hour=HH/…}; {@link #service()} is then null, as it
 * is for Hive's {@value #DEFAULT_PARTITION} (a null or empty value).
 *
 * <p>Builds and parses the path segments; values are escaped and unescaped Hive-style ({@code %2F}
 * for {@code /}, and so on). The partition covers the UTC hour {@link #startMillis()} (inclusive)
 * to {@link #endMillis()} (exclusive) of the table's partition-time column.
 */
public record PartitionPath(String dt, int hour, String service) {
  /** What Hive (and the sink) write for a null or empty partition value. */
  public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  public PartitionPath {
    if (hour < 0 || hour > 23) {
      throw new IllegalArgumentException("hour must be 0..23, got " + hour);
    }
    LocalDate.parse(dt);
  }

  /** The partition of the UTC hour that holds {@code epochMillis}. */
  public static PartitionPath of(long epochMillis, String service) {
    var time = java.time.Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
    return new PartitionPath(time.toLocalDate().toString(), time.getHour(), service);
  }

  /** {@code dt=…/hour=HH/service=…/}, escaped. */
  public String prefix() {
    return timePrefix() + "service=" + escape(service) + "/";
  }

  /** {@code dt=…/hour=HH/}, for tables partitioned by time alone. */
  public String timePrefix() {
    return "dt=" + dt + "/hour=" + String.format("%02d", hour) + "/";
  }

  /** A partition value read from a path: unescaped, and null for {@value #DEFAULT_PARTITION}. */
  public static String valueOf(String escaped) {
    return DEFAULT_PARTITION.equals(escaped) ? null : unescape(escaped);
  }

  /** First millisecond of the partition's hour (UTC). */
  public long startMillis() {
    return dayStartMillis(dt) + hour * 3_600_000L;
  }

  /** First millisecond after the partition's hour (UTC). */
  public long endMillis() {
    return startMillis() + 3_600_000L;
  }

  /** First millisecond of the day {@code dt} (UTC). */
  public static long dayStartMillis(String dt) {
    return LocalDate.parse(dt).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Whether {@code dt} is a valid {@code YYYY-MM-DD} date. */
  public static boolean isDate(String dt) {
    try {
      LocalDate.parse(dt);
      return dt.length() == 10;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /**
   * The unescaped value of one path segment {@code name=value} (with or without a trailing slash),
   * or empty when the segment is for another name.
   */
  public static Optional<String> segmentValue(String segment, String name) {
    String s = segment.endsWith("/") ? segment.substring(0, segment.length() - 1) : segment;
    if (!s.startsWith(name + "=")) {
      return Optional.empty();
    }

    return Optional.of(unescape(s.substring(name.length() + 1)));
  }

  /**
   * The value of a {@code service=} segment as the partition's service: unescaped, or null for
   * {@value #DEFAULT_PARTITION}; empty when the segment is not a service segment.
   */
  public static Optional<Optional<String>> serviceSegment(String segment) {
    String s = segment.endsWith("/") ? segment.substring(0, segment.length() - 1) : segment;
    if (!s.startsWith("service=")) {
      return Optional.empty();
    }
    return Optional.of(Optional.ofNullable(valueOf(s.substring("service=".length()))));
  }

  /** Whether a path segment is hidden: temporary and internal objects start with _ or . */
  public static boolean isHidden(String segment) {
    return segment.startsWith("_") || segment.startsWith(".");
  }

  /**
   * Hive-style escaping: characters that are unsafe in a path segment become %XX (UTF-8 bytes); a
   * null or empty value becomes {@value #DEFAULT_PARTITION}.
   */
  public static String escape(String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_PARTITION;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == '~';
      if (safe) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  /** Reverses {@link #escape}; also accepts values that were never escaped. */
  public static String unescape(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '%'
          && i + 2 < value.length()
          && isHex(value.charAt(i + 1))
          && isHex(value.charAt(i + 2))) {
        bytes.write(Integer.parseInt(value.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int codePoint = value.codePointAt(i);
        bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(codePoint);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
