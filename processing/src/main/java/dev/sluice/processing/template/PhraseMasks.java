package dev.sluice.processing.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The masks {@link Masker} applies to the whole line before it splits it into tokens, for values
 * written over several words: a size with its conversion, an HTTP request line's target, a quoted
 * key value with spaces, a written date and time, an approximate duration. Guarantees: text without
 * any of these is returned as it is (each pattern runs only after a cheap test finds the characters
 * it needs); the masked parts become {@link Masker#PARAM}. Stateless, thread-safe.
 */
final class PhraseMasks {
  private static final String SIZE_UNITS = "(?:bytes|[KMGT]i?B|kB|B)";

  private static final Pattern SIZE_WITH_CONVERSION =
      Pattern.compile(
          "(?<![\\w.])\\d+(?:\\.\\d+)? ("
              + SIZE_UNITS
              + ") \\(\\d+(?:\\.\\d+)? "
              + SIZE_UNITS
              + "\\)");

  private static final Pattern BELOW_DURATION =
      Pattern.compile("(?<![\\w<])<\\d+(?:\\.\\d+)? (?:ms|s|sec|secs|seconds|min|mins)\\b");

  private static final String MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";

  /** A written date and time: {@code Fri Jun 17 07:07:00 2005}, {@code Jun 17 07:07:00}. */
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "\\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +)?"
              + MONTH
              + " +\\d{1,2},? +\\d{1,2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?: +\\d{4})?\\b");

  /** The quoted value of a key, spaces and all: {@code tag="View Lock"}. */
  private static final Pattern QUOTED_VALUE = Pattern.compile("=([\"'])[^\"'=]*\\1");

  /**
   * An HTTP request line's target and version: {@code GET /a/b HTTP/1.1} is {@code GET <*>}. The
   * definition of {@link #maskRequestLines}, which finds the same matches without the regex engine
   * (the job masks every message: for HTTP logs this pattern's search was most of the masking);
   * {@code PhraseMasksTest} holds them equal.
   */
  static final Pattern REQUEST_LINE =
      Pattern.compile(
          "\\b(GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS|CONNECT|TRACE) \\S+ HTTP/\\d(?:\\.\\d)?");

  private static final String[] METHODS = {
    "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS", "CONNECT", "TRACE"
  };

  private static final String VERSION = " HTTP/";

  private PhraseMasks() {}

  /**
   * Values written over several words: a size with its conversion ({@code 1190 bytes (1.16 KB)}
   * becomes {@code <*> bytes}, like {@code 0 bytes}) and an approximate duration ({@code <1 sec}).
   */
  static String mask(String text) {
    if (text.indexOf(" (") >= 0 && (text.indexOf("B)") >= 0 || text.indexOf("bytes)") >= 0)) {
      Matcher m = SIZE_WITH_CONVERSION.matcher(text);
      if (m.find()) {
        text = m.replaceAll(Masker.PARAM + " $1");
      }
    }
    text = maskRequestLines(text);
    if (text.indexOf("=\"") >= 0 || text.indexOf("='") >= 0) {
      Matcher m = QUOTED_VALUE.matcher(text);
      if (m.find()) {
        text = m.replaceAll("=$1" + Masker.PARAM + "$1");
      }
    }
    if (holdsClockTime(text)) {
      Matcher m = DATE_TIME.matcher(text);
      if (m.find()) {
        text = m.replaceAll(Masker.PARAM);
      }
    }
    int lt = text.indexOf('<');
    if (lt >= 0 && lt + 1 < text.length() && text.indexOf(" sec", lt) > 0) {
      Matcher m = BELOW_DURATION.matcher(text);
      if (m.find()) {
        text = m.replaceAll(Masker.PARAM);
      }
    }
    return text;
  }

  /**
   * {@code REQUEST_LINE.matcher(text).replaceAll("$1 <*>")}, by hand: every match ends in {@code "
   * HTTP/"} and a digit, so each occurrence of that is the end of at most one candidate — the
   * target is the run of non-space characters before it, the method the word before the target's
   * space — tried left to right, each search resuming after the last match, as the regex does.
   * Character classes as in {@link Pattern} without flags: {@code \\s} is {@code [
   * \\t\\n\\x0B\\f\\r]}, {@code \\d} is {@code [0-9]}, {@code \\b} as {@link #wordBoundaryBefore}.
   */
  static String maskRequestLines(String text) {
    int h = text.indexOf(VERSION);
    if (h < 0) {
      return text;
    }
    int n = text.length();
    StringBuilder out = null;
    int from = 0; // where the regex's next search starts: after the last match
    while (h >= 0) {
      int versionDigit = h + VERSION.length();
      int end = -1;
      int q = h - 1;
      while (q >= from && !isRegexSpace(text.charAt(q))) {
        q--;
      }
      if (versionDigit < n && isDigit(text.charAt(versionDigit)) && q >= from && q < h - 1) {
        String method = text.charAt(q) == ' ' ? methodEndingAt(text, q, from) : null;
        if (method != null) {
          end = versionDigit + 1;
          if (end + 1 < n && text.charAt(end) == '.' && isDigit(text.charAt(end + 1))) {
            end += 2;
          }
          if (out == null) {
            out = new StringBuilder(n);
          }
          out.append(text, from, q - method.length())
              .append(method)
              .append(' ')
              .append(Masker.PARAM);
          from = end;
        }
      }
      h = text.indexOf(VERSION, end >= 0 ? end : h + 1);
    }
    return out == null ? text : out.append(text, from, n).toString();
  }

  /** The method that ends at {@code end}, starts at or after {@code from} after a boundary. */
  private static String methodEndingAt(String text, int end, int from) {
    for (String m : METHODS) {
      int start = end - m.length();
      if (start >= from && text.startsWith(m, start) && wordBoundaryBefore(text, start)) {
        return m;
      }
    }
    return null;
  }

  /**
   * Whether {@link Pattern}'s {@code \\b} holds before {@code i}, where a word character starts, as
   * Java 17 defines it without flags: the character before is no letter, digit or {@code _}, nor a
   * non-spacing mark on one. Kept on every JDK, so that masks do not change with the JVM: from Java
   * 19 on, the regex's {@code \\b} is ASCII-only (JDK-8264160), and {@link #REQUEST_LINE} then
   * differs from this method for a method name right after a non-ASCII letter ({@code éGET /x
   * HTTP/1.1}); {@code PhraseMasksTest}, which holds the two equal, runs on the build's JDK 17.
   */
  private static boolean wordBoundaryBefore(String text, int i) {
    if (i == 0) {
      return true;
    }
    int ch = Character.codePointBefore(text, i);
    boolean word =
        ch == '_'
            || Character.isLetterOrDigit(ch)
            || (Character.getType(ch) == Character.NON_SPACING_MARK
                && hasBaseCharacter(text, i - 1));
    return !word;
  }

  /** {@link Pattern}'s test for a non-spacing mark that sits on a letter or digit. */
  private static boolean hasBaseCharacter(String text, int i) {
    for (int x = i; x >= 0; x--) {
      int ch = Character.codePointAt(text, x);
      if (Character.isLetterOrDigit(ch)) {
        return true;
      }
      if (Character.getType(ch) != Character.NON_SPACING_MARK) {
        return false;
      }
    }
    return false;
  }

  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** Whether {@code text} holds {@code d:dd:dd}, the cheap test before the date pattern. */
  private static boolean holdsClockTime(String text) {
    int from = 0;
    int colon;
    while ((colon = text.indexOf(':', from)) >= 0) {
      if (colon >= 1
          && colon + 5 < text.length()
          && isDigit(text.charAt(colon - 1))
          && isDigit(text.charAt(colon + 1))
          && isDigit(text.charAt(colon + 2))
          && text.charAt(colon + 3) == ':'
          && isDigit(text.charAt(colon + 4))
          && isDigit(text.charAt(colon + 5))) {
        return true;
      }
      from = colon + 1;
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
