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

  /** An HTTP request line's target and version: {@code GET /a/b HTTP/1.1} is {@code GET <*>}. */
  private static final Pattern REQUEST_LINE =
      Pattern.compile(
          "\\b(GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS|CONNECT|TRACE) \\S+ HTTP/\\d(?:\\.\\d)?");

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
    if (text.indexOf(" HTTP/") >= 0) {
      Matcher m = REQUEST_LINE.matcher(text);
      if (m.find()) {
        text = m.replaceAll("$1 " + Masker.PARAM);
      }
    }
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
