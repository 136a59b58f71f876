package dev.sluice.ingest.parse;

/**
 * The character-level scanning the hand-written parsers share (headers, Java layouts, timestamps,
 * levels): blanks, runs of digits, fixed-width numbers. ASCII digits only, never {@link
 * Character#isDigit}, so a header is never read from digits of another script. No allocation.
 */
final class TextScan {
  private TextScan() {}

  /** The first index at or after {@code from}, before {@code n}, that is not a space or a tab. */
  static int skipBlanks(String s, int from, int n) {
    int i = from;
    while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** Whether {@code s} is one or more ASCII digits. */
  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (!isDigit(s.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code count} ASCII digits stand at {@code at}. */
  static boolean digitsAt(CharSequence s, int at, int count) {
    return digits(s, at, count) >= 0;
  }

  /** The value of {@code count} ASCII digits at {@code at}, or -1. */
  static int digits(CharSequence s, int at, int count) {
    if (at < 0 || at + count > s.length()) {
      return -1;
    }
    int v = 0;
    for (int k = at; k < at + count; k++) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Whether {@code c} is an ASCII digit. */
  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
