package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.TextScan.digits;
import static dev.sluice.ingest.parse.TextScan.isDigit;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Reads the timestamps log formats write, without exceptions on the normal path and without regular
 * expressions:
 *
 * <ul>
 *   <li>ISO-8601 / RFC 3339 and its common relatives: {@code 2024-01-15T10:23:45Z}, {@code
 *       2024-01-15 10:23:45,123}, {@code 2024/01/15 10:23:45}, fractions of up to nine digits, an
 *       offset {@code Z}, {@code +01:00}, {@code +0100} or {@code +01}, optionally after one space;
 *   <li>epoch numbers, whose unit is told by their size: seconds (fractions allowed), milliseconds,
 *       microseconds or nanoseconds;
 *   <li>Apache/Nginx {@code 10/Oct/2000:13:55:36 -0700};
 *   <li>syslog RFC 3164 {@code Oct 11 22:14:15} (no year: the year is the one that puts the time
 *       closest before "now" plus a week, so December lines read in January land in December).
 * </ul>
 *
 * A timestamp without an offset is read in the configured default zone. Immutable and thread-safe.
 * Every method returns {@code null} for text it cannot read, never throws.
 *
 * <p>Why by hand: {@code java.time}'s formatters need one pattern per variant and signal failure by
 * exception, which is expensive on the shipper's hot path; the values are still validated by {@code
 * java.time}.
 */
public final class TimestampParser {
  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  private final ZoneId defaultZone;
  private final Clock clock;

  /**
   * @param defaultZone zone for timestamps that carry no offset
   * @param clock "now", for the year of syslog timestamps that have none
   */
  public TimestampParser(ZoneId defaultZone, Clock clock) {
    this.defaultZone = defaultZone;
    this.clock = clock;
  }

  /** The zone used for timestamps without an offset. */
  public ZoneId defaultZone() {
    return defaultZone;
  }

  /** A timestamp and the index just past it in the text it was read from. */
  public record Scan(Instant instant, int end) {}

  /** Reads a whole string in any supported format (surrounding blanks ignored). */
  public Instant parse(String text) {
    if (text == null) {
      return null;
    }
    String s = text.strip();
    if (s.isEmpty() || s.length() > 64) {
      return null;
    }
    char c = s.charAt(0);
    if (c >= '0' && c <= '9') {
      Instant epoch = parseEpoch(s);
      if (epoch != null) {
        return epoch;
      }
      Scan iso = scanIso(s, 0);
      if (iso != null && iso.end() == s.length()) {
        return iso.instant();
      }
      Scan apache = scanApache(s, 0);
      if (apache != null && apache.end() == s.length()) {
        return apache.instant();
      }
      return null;
    }
    Scan syslog = scanSyslog(s, 0);
    return syslog != null && syslog.end() == s.length() ? syslog.instant() : null;
  }

  /** An epoch number as text; the unit follows from its magnitude. */
  public Instant parseEpoch(String s) {
    int dot = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.' && dot < 0) {
        dot = i;
      } else if (c < '0' || c > '9') {
        return null;
      }
    }
    int intDigits = dot < 0 ? s.length() : dot;
    if (intDigits < 9 || intDigits > 19) {
      return null; // too short to be a plausible epoch (after 1973) or too long for a long
    }
    try {
      if (dot < 0) {
        return fromEpochNumber(Long.parseLong(s), 0);
      }
      long whole = Long.parseLong(s, 0, dot, 10);
      String frac = s.substring(dot + 1);
      if (frac.isEmpty()) {
        return fromEpochNumber(whole, 0);
      }
      String nanos = (frac + "000000000").substring(0, 9);
      return fromEpochNumber(whole, Long.parseLong(nanos));
    } catch (NumberFormatException | DateTimeException e) {
      return null;
    }
  }

  /** An epoch number; {@code fractionNanos} is the fraction of the number's own unit, in 1e-9. */
  public Instant fromEpochNumber(long value, long fractionNanos) {
    if (value < 0) {
      return null;
    }
    try {
      if (value < 100_000_000_000L) {
        return Instant.ofEpochSecond(value, fractionNanos);
      }
      if (value < 100_000_000_000_000L) {
        return Instant.ofEpochMilli(value).plusNanos(fractionNanos / 1_000_000L * 1000L);
      }
      if (value < 100_000_000_000_000_000L) {
        return Instant.ofEpochSecond(value / 1_000_000L, (value % 1_000_000L) * 1000L);
      }
      return Instant.ofEpochSecond(value / 1_000_000_000L, value % 1_000_000_000L);
    } catch (DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * Reads an ISO-8601-like timestamp starting at {@code from} and as long as possible; {@code null}
   * if there is none.
   */
  public Scan scanIso(CharSequence s, int from) {
    int n = s.length();
    int i = from;
    if (n - i < 10) {
      return null;
    }
    int year = digits(s, i, 4);
    char dateSep = s.charAt(i + 4);
    if (year < 0 || (dateSep != '-' && dateSep != '/') || s.charAt(i + 7) != dateSep) {
      return null;
    }
    int month = digits(s, i + 5, 2);
    int day = digits(s, i + 8, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31) {
      return null;
    }
    i += 10;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int nanos = 0;
    if (i + 6 <= n && (s.charAt(i) == 'T' || s.charAt(i) == ' ') && s.charAt(i + 3) == ':') {
      hour = digits(s, i + 1, 2);
      minute = digits(s, i + 4, 2);
      if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
        return null;
      }
      i += 6;
      if (i + 3 <= n && s.charAt(i) == ':') {
        second = digits(s, i + 1, 2);
        if (second < 0 || second > 60) {
          return null;
        }
        second = Math.min(second, 59); // a leap second is read as :59
        i += 3;
        if (i + 1 < n && (s.charAt(i) == '.' || s.charAt(i) == ',') && isDigit(s.charAt(i + 1))) {
          i++;
          int digits = 0;
          while (i < n && isDigit(s.charAt(i))) {
            if (digits < 9) {
              nanos = nanos * 10 + (s.charAt(i) - '0');
              digits++;
            }
            i++;
          }
          for (; digits < 9; digits++) {
            nanos *= 10;
          }
        }
      }
    } else if (i < n && isDigit(s.charAt(i))) {
      return null; // "2024-01-150": not a date
    }
    ZoneOffset offset = null;
    int zoneAt = i;
    if (zoneAt < n && s.charAt(zoneAt) == ' ' && zoneAt + 1 < n) {
      char next = s.charAt(zoneAt + 1);
      if (next == '+' || next == '-' || next == 'Z') {
        zoneAt++;
      }
    }
    if (zoneAt < n) {
      char z = s.charAt(zoneAt);
      if (z == 'Z' || z == 'z') {
        if (zoneAt + 1 >= n || !isLetter(s.charAt(zoneAt + 1))) {
          offset = ZoneOffset.UTC;
          i = zoneAt + 1;
        }
      } else if ((z == '+' || z == '-') && zoneAt + 3 <= n) {
        int hh = digits(s, zoneAt + 1, 2);
        int j = zoneAt + 3;
        int mm = 0;
        if (hh >= 0) {
          if (j + 3 <= n && s.charAt(j) == ':' && digits(s, j + 1, 2) >= 0) {
            mm = digits(s, j + 1, 2);
            j += 3;
          } else if (j + 2 <= n && digits(s, j, 2) >= 0) {
            mm = digits(s, j, 2);
            j += 2;
          }
          if (hh <= 18 && mm <= 59 && (j >= n || !isDigit(s.charAt(j)))) {
            offset = ZoneOffset.ofTotalSeconds((z == '-' ? -1 : 1) * (hh * 3600 + mm * 60));
            i = j;
          }
        }
      }
    }
    try {
      if (offset != null) {
        // an explicit offset: epoch seconds by arithmetic, as LocalDateTime.toInstant computes
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long seconds =
            epochDay * 86_400 + hour * 3600 + minute * 60 + second - offset.getTotalSeconds();
        return new Scan(Instant.ofEpochSecond(seconds, nanos), i);
      }
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
      return new Scan(local.atZone(defaultZone).toInstant(), i);
    } catch (DateTimeException e) {
      return null; // e.g. 31 February
    }
  }

  /** Reads Apache/Nginx {@code 10/Oct/2000:13:55:36 -0700} at {@code from}. */
  public Scan scanApache(CharSequence s, int from) {
    int i = from;
    if (s.length() - i < 20) {
      return null;
    }
    int day = digits(s, i, 2);
    int month = month(s, i + 3);
    int year = digits(s, i + 7, 4);
    if (day < 1
        || month < 1
        || year < 0
        || s.charAt(i + 2) != '/'
        || s.charAt(i + 6) != '/'
        || s.charAt(i + 11) != ':'
        || s.charAt(i + 14) != ':'
        || s.charAt(i + 17) != ':') {
      return null;
    }
    int hour = digits(s, i + 12, 2);
    int minute = digits(s, i + 15, 2);
    int second = digits(s, i + 18, 2);
    if (hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    i += 20;
    if (i + 6 <= s.length()
        && s.charAt(i) == ' '
        && (s.charAt(i + 1) == '+' || s.charAt(i + 1) == '-')) {
      int hh = digits(s, i + 2, 2);
      int mm = digits(s, i + 4, 2);
      if (hh < 0 || mm < 0 || hh > 18 || mm > 59 || hour > 23 || minute > 59) {
        return null;
      }
      int offsetSeconds = (s.charAt(i + 1) == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
      if (Math.abs(offsetSeconds) > 18 * 3600) {
        return null; // as ZoneOffset.ofTotalSeconds refuses it
      }
      i += 6;
      // the common case, an explicit offset: epoch seconds by arithmetic, no zone lookups
      try {
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long seconds =
            epochDay * 86_400 + hour * 3600 + minute * 60 + Math.min(second, 59) - offsetSeconds;
        return new Scan(Instant.ofEpochSecond(seconds), i);
      } catch (DateTimeException e) {
        return null;
      }
    }
    try {
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
      return new Scan(local.atZone(defaultZone).toInstant(), i);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * Reads a syslog RFC 3164 {@code Oct 11 22:14:15} (day padded with a space or a zero, optional
   * fraction) at {@code from}; the year is inferred from the clock, see the class comment.
   */
  public Scan scanSyslog(CharSequence s, int from) {
    int i = from;
    if (s.length() - i < 15) {
      return null;
    }
    int month = month(s, i);
    if (month < 1 || s.charAt(i + 3) != ' ') {
      return null;
    }
    char d1 = s.charAt(i + 4);
    int day;
    if (d1 == ' ' && isDigit(s.charAt(i + 5))) {
      day = s.charAt(i + 5) - '0';
    } else {
      day = digits(s, i + 4, 2);
    }
    if (day < 1 || s.charAt(i + 6) != ' ' || s.charAt(i + 9) != ':' || s.charAt(i + 12) != ':') {
      return null;
    }
    int hour = digits(s, i + 7, 2);
    int minute = digits(s, i + 10, 2);
    int second = digits(s, i + 13, 2);
    if (hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    i += 15;
    int nanos = 0;
    if (i + 1 < s.length() && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
      i++;
      int digits = 0;
      while (i < s.length() && isDigit(s.charAt(i))) {
        if (digits < 9) {
          nanos = nanos * 10 + (s.charAt(i) - '0');
          digits++;
        }
        i++;
      }
      for (; digits < 9; digits++) {
        nanos *= 10;
      }
    }
    try {
      ZonedDateTime now = ZonedDateTime.now(clock.withZone(defaultZone));
      ZonedDateTime candidate =
          ZonedDateTime.of(
              now.getYear(), month, day, hour, minute, Math.min(second, 59), nanos, defaultZone);
      if (candidate.isAfter(now.plusDays(7))) {
        candidate = candidate.minusYears(1);
      }
      return new Scan(candidate.toInstant(), i);
    } catch (DateTimeException e) {
      return null; // e.g. Feb 29 in a year without one
    }
  }

  /**
   * A date without a year, in the default zone, in the year that puts it at most a week in the
   * future by the clock (as for RFC 3164); null for an impossible date.
   */
  public Instant withInferredYear(int month, int day, int hour, int minute, int second, int nanos) {
    try {
      ZonedDateTime now = ZonedDateTime.now(clock.withZone(defaultZone));
      ZonedDateTime candidate =
          ZonedDateTime.of(
              now.getYear(), month, day, hour, minute, Math.min(second, 59), nanos, defaultZone);
      if (candidate.isAfter(now.plusDays(7))) {
        candidate = candidate.minusYears(1);
      }
      return candidate.toInstant();
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int month(CharSequence s, int at) {
    if (at + 3 > s.length()) {
      return -1;
    }
    char a = s.charAt(at);
    char b = s.charAt(at + 1);
    char c = s.charAt(at + 2);
    for (int m = 0; m < 12; m++) {
      if (MONTHS.charAt(m * 3) == a
          && MONTHS.charAt(m * 3 + 1) == b
          && MONTHS.charAt(m * 3 + 2) == c) {
        return m + 1;
      }
    }
    return -1;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
