package dev.sluice.model.layout;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * The {@code dt=} value of a {@link PartFilePath.Partition}: written as {@code YYYY-MM-DD} for
 * years 0 to 9999 and as ISO with a sign outside them, so that {@link #isDay} accepts exactly what
 * {@link #formatDay} writes (real dates only: no 30th of February). The common ten-character case
 * is checked and written without a date parser or formatter (the sink builds one partition per
 * record). Stateless.
 */
final class PartitionDays {
  private PartitionDays() {}

  static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isDay(String dt) {
    if (dt.length() == 10 && dt.charAt(4) == '-' && dt.charAt(7) == '-') {
      // the common case, checked without a parser: the sink builds one partition per record
      int year = digits(dt, 0, 4);
      int month = digits(dt, 5, 7);
      int day = digits(dt, 8, 10);
      if (year < 0 || month < 1 || month > 12 || day < 1) {
        return false;
      }
      return day <= YearMonth.of(year, month).lengthOfMonth();
    }
    try {
      return formatDay(LocalDate.parse(dt)).equals(dt);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The number written by the ASCII digits {@code s[from, to)}, or -1 if one is not a digit. */
  private static int digits(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!isAsciiDigit(c)) {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  static String formatDay(LocalDate day) {
    int year = day.getYear();
    if (year < 0 || year > 9999) {
      return day.toString(); // ISO with a sign (+10000-01-01): still one segment, parses back
    }
    char[] out = {
      (char) ('0' + year / 1000),
      (char) ('0' + year / 100 % 10),
      (char) ('0' + year / 10 % 10),
      (char) ('0' + year % 10),
      '-',
      (char) ('0' + day.getMonthValue() / 10),
      (char) ('0' + day.getMonthValue() % 10),
      '-',
      (char) ('0' + day.getDayOfMonth() / 10),
      (char) ('0' + day.getDayOfMonth() % 10)
    };
    return new String(out);
  }
}
