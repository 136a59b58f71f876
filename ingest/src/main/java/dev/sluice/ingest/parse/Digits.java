package dev.sluice.ingest.parse;

/**
 * Unsigned decimal numbers read from a range of a string or of ASCII bytes, without a substring or
 * an exception: the parsers' status codes, byte counts and syslog priorities. At most {@value
 * #MAX_DIGITS} digits, so the value always fits a {@code long}.
 */
public final class Digits {
  /** The most digits read; a longer run is not a number here. */
  public static final int MAX_DIGITS = 18;

  private Digits() {}

  /**
   * The digits {@code s[from, to)} as a number, or -1 if the range is empty, too long or not all
   * digits.
   */
  public static long parse(String s, int from, int to) {
    if (to <= from || to - from > MAX_DIGITS) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /**
   * The ASCII digits {@code b[from, to)} as a number, or -1 as {@link #parse(String, int, int)}.
   */
  public static long parse(byte[] b, int from, int to) {
    if (to <= from || to - from > MAX_DIGITS) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
