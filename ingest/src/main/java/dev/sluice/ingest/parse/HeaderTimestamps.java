package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.TextScan.digits;
import static dev.sluice.ingest.parse.TextScan.digitsAt;
import static dev.sluice.ingest.parse.TextScan.isDigit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * The leading timestamps {@link HeaderParser} recognises: ISO (through {@link TimestampParser}),
 * syslog {@code Mon dd HH:mm:ss} with the day padded by a space, a zero or not at all, ctime {@code
 * Sun Dec 04 04:47:44 2005}, compact and year-less numeric forms ({@code yyMMdd HHmmss}, {@code
 * yy/MM/dd HH:mm:ss}, {@code yyyy.MM.dd HH:mm:ss}, {@code MM-dd HH:mm:ss.SSS}, {@code
 * yyyyMMdd-HH:mm:ss:SSS}) and epoch seconds or milliseconds. Guarantees: a {@link Stamp} is
 * returned only when the text at the index is one of these forms and is not followed by another
 * digit; its instant is null only when the fields are in range but name no real date (a 31st of a
 * short month). Year-less forms take their year from {@link TimestampParser#withInferredYear}.
 * Stateless apart from the shared {@link TimestampParser}; thread-safe; no regular expressions.
 */
final class HeaderTimestamps {
  /** A timestamp found at some index: where it ends and the instant (null if not computable). */
  record Stamp(int end, Instant instant) {}

  private final TimestampParser timestamps;

  HeaderTimestamps(TimestampParser timestamps) {
    this.timestamps = timestamps;
  }

  /** A timestamp starting at {@code i}: ISO, syslog, ctime, compact and year-less forms, epoch. */
  Stamp timestamp(String s, int i) {
    int n = s.length();
    if (i >= n) {
      return null;
    }
    char c = s.charAt(i);
    if (c >= '0' && c <= '9') {
      TimestampParser.Scan iso = timestamps.scanIso(s, i);
      if (iso != null && iso.end() > i + 10) {
        return new Stamp(iso.end(), iso.instant());
      }
      return numericStamp(s, i);
    }
    Stamp syslog = syslogStamp(s, i);
    if (syslog != null) {
      return syslog;
    }
    // ctime: "Sun Dec 04 04:47:44 2005"
    if (i + 24 <= n && s.charAt(i + 3) == ' ') {
      TimestampParser.Scan rest = timestamps.scanSyslog(s, i + 4);
      if (rest != null && rest.end() + 5 <= n && s.charAt(rest.end()) == ' ') {
        int year = digits(s, rest.end() + 1, 4);
        if (year > 0 && (rest.end() + 5 == n || !isDigit(s.charAt(rest.end() + 5)))) {
          Instant at = withYear(rest.instant(), year);
          return new Stamp(rest.end() + 5, at);
        }
      }
    }
    return null;
  }

  /** {@code Mon dd HH:mm:ss}, the day padded with a space, a zero or not at all. */
  Stamp syslogStamp(String s, int i) {
    TimestampParser.Scan scan = timestamps.scanSyslog(s, i);
    if (scan != null) {
      return new Stamp(scan.end(), scan.instant());
    }
    // "Nov 9 12:01:01": pad the day and read again.
    int n = s.length();
    if (i + 14 <= n
        && s.charAt(i + 3) == ' '
        && isDigit(s.charAt(i + 4))
        && s.charAt(i + 5) == ' ') {
      String padded = s.substring(i, i + 4) + ' ' + s.substring(i + 4, Math.min(n, i + 14));
      scan = timestamps.scanSyslog(padded, 0);
      if (scan != null && scan.end() == 15) {
        return new Stamp(i + 14, scan.instant());
      }
    }
    return null;
  }

  /**
   * {@code yyMMdd HHmmss}, {@code yy/MM/dd HH:mm:ss}, {@code yyyy.MM.dd HH:mm:ss}, {@code MM-dd
   * HH:mm:ss.SSS}, {@code MM.dd HH:mm:ss}, {@code yyyyMMdd-HH:mm:ss:SSS}, epoch seconds/millis.
   */
  private Stamp numericStamp(String s, int i) {
    int n = s.length();
    int run = i;
    while (run < n && isDigit(s.charAt(run))) {
      run++;
    }
    int len = run - i;
    int year = -1;
    int month;
    int day;
    int j;
    if (len == 6 && run + 7 <= n && s.charAt(run) == ' ' && digitsAt(s, run + 1, 6)) {
      year = 2000 + digits(s, i, 2);
      month = digits(s, i + 2, 2);
      day = digits(s, i + 4, 2);
      int end = run + 7;
      if (end < n && isDigit(s.charAt(end))) {
        return null;
      }
      return stamp(
          end,
          year,
          month,
          day,
          digits(s, run + 1, 2),
          digits(s, run + 3, 2),
          digits(s, run + 5, 2),
          0);
    }
    if (len == 8 && run < n && s.charAt(run) == '-') {
      year = digits(s, i, 4);
      month = digits(s, i + 4, 2);
      day = digits(s, i + 6, 2);
      j = run + 1;
    } else if (len == 2 && run + 6 <= n && s.charAt(run) == '/' && s.charAt(run + 3) == '/') {
      year = 2000 + digits(s, i, 2);
      month = digits(s, run + 1, 2);
      day = digits(s, run + 4, 2);
      j = run + 6;
      if (j >= n || s.charAt(j) != ' ') {
        return null;
      }
      j++;
    } else if (len == 4 && run + 6 <= n && s.charAt(run) == '.' && s.charAt(run + 3) == '.') {
      year = digits(s, i, 4);
      month = digits(s, run + 1, 2);
      day = digits(s, run + 4, 2);
      j = run + 6;
      if (j >= n || s.charAt(j) != ' ') {
        return null;
      }
      j++;
    } else if (len == 2 && run + 3 <= n && (s.charAt(run) == '-' || s.charAt(run) == '.')) {
      month = digits(s, i, 2);
      day = digits(s, run + 1, 2);
      j = run + 3;
      if (j >= n || s.charAt(j) != ' ') {
        return null;
      }
      j++;
    } else if ((len == 10 || len == 13) && (run == n || s.charAt(run) == ' ')) {
      long v = Long.parseLong(s.substring(i, run));
      return new Stamp(run, len == 10 ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v));
    } else {
      return null;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31) {
      return null;
    }
    // H:m:s (one or two digits each) then an optional fraction after '.', ',' or ':'.
    int[] hms = new int[3];
    int end = j;
    for (int k = 0; k < 3; k++) {
      int start = end;
      int v = 0;
      while (end < n && end - start < 2 && isDigit(s.charAt(end))) {
        v = v * 10 + (s.charAt(end) - '0');
        end++;
      }
      if (end == start || (k < 2 && (end >= n || s.charAt(end) != ':'))) {
        return null;
      }
      hms[k] = v;
      if (k < 2) {
        end++;
      }
    }
    int hour = hms[0];
    int minute = hms[1];
    int second = hms[2];
    int nanos = 0;
    if (end + 1 < n && ".,:".indexOf(s.charAt(end)) >= 0 && isDigit(s.charAt(end + 1))) {
      int k = end + 1;
      int scale = 100_000_000;
      while (k < n && isDigit(s.charAt(k))) {
        nanos += (s.charAt(k) - '0') * scale;
        scale /= 10;
        k++;
      }
      end = k;
    }
    if (end < n && isDigit(s.charAt(end))) {
      return null;
    }
    return stamp(end, year, month, day, hour, minute, second, nanos);
  }

  private Stamp stamp(
      int end, int year, int month, int day, int hour, int minute, int second, int nanos) {
    if (month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 60) {
      return null;
    }
    if (year <= 0) {
      return new Stamp(
          end, timestamps.withInferredYear(month, day, hour, minute, second, Math.max(0, nanos)));
    }
    try {
      int y = year;
      LocalDateTime local =
          LocalDateTime.of(y, month, day, hour, minute, Math.min(second, 59), Math.max(0, nanos));
      return new Stamp(end, local.atZone(timestamps.defaultZone()).toInstant());
    } catch (DateTimeException e) {
      return new Stamp(end, null);
    }
  }

  private Instant withYear(Instant at, int year) {
    try {
      return at.atZone(timestamps.defaultZone()).withYear(year).toInstant();
    } catch (DateTimeException e) {
      return at;
    }
  }
}
