package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.TextScan.isDigits;

import dev.sluice.model.Level;

/**
 * Maps the many spellings of a severity onto {@link Level}.
 *
 * <p>Guarantees: every method is total (null or garbage gives {@code null}, never an exception) and
 * allocation-free; {@link #detect} looks at no more than the first {@value #DETECT_WINDOW}
 * characters of the first line, so it is cheap on huge records.
 */
public final class Levels {
  /** How far into a record {@link #detect} looks. */
  public static final int DETECT_WINDOW = 512;

  private Levels() {}

  /**
   * A level from its name in any case: {@code trace}, {@code debug}/{@code fine}/{@code verbose},
   * {@code info}/{@code notice}, {@code warn}/{@code warning}, {@code error}/{@code err}/{@code
   * severe}, {@code fatal}/{@code critical}/{@code crit}/{@code alert}/{@code emerg}/{@code panic};
   * numbers as pino/bunyan levels (10…60) or syslog severities (0…7). {@code null} if unknown.
   */
  public static Level fromName(String name) {
    if (name == null) {
      return null;
    }
    String s = name.strip();
    switch (s.length()) {
      case 1:
        return fromNumberOrLetter(s.charAt(0));
      case 2:
        if (isDigits(s)) {
          return fromPino(Integer.parseInt(s));
        }
        return null;
      case 3:
        if (s.equalsIgnoreCase("err")) return Level.ERROR;
        if (s.equalsIgnoreCase("dbg")) return Level.DEBUG;
        if (s.equalsIgnoreCase("inf")) return Level.INFO;
        if (s.equalsIgnoreCase("wrn")) return Level.WARN;
        if (s.equalsIgnoreCase("trc")) return Level.TRACE;
        if (s.equalsIgnoreCase("ftl")) return Level.FATAL;
        return null;
      case 4:
        if (s.equalsIgnoreCase("info")) return Level.INFO;
        if (s.equalsIgnoreCase("warn")) return Level.WARN;
        if (s.equalsIgnoreCase("fine")) return Level.DEBUG;
        if (s.equalsIgnoreCase("crit")) return Level.FATAL;
        return null;
      case 5:
        if (s.equalsIgnoreCase("error")) return Level.ERROR;
        if (s.equalsIgnoreCase("debug")) return Level.DEBUG;
        if (s.equalsIgnoreCase("trace")) return Level.TRACE;
        if (s.equalsIgnoreCase("fatal")) return Level.FATAL;
        if (s.equalsIgnoreCase("emerg")) return Level.FATAL;
        if (s.equalsIgnoreCase("alert")) return Level.FATAL;
        if (s.equalsIgnoreCase("panic")) return Level.FATAL;
        if (s.equalsIgnoreCase("finer")) return Level.TRACE;
        return null;
      case 6:
        if (s.equalsIgnoreCase("notice")) return Level.INFO;
        if (s.equalsIgnoreCase("severe")) return Level.ERROR;
        if (s.equalsIgnoreCase("finest")) return Level.TRACE;
        if (s.equalsIgnoreCase("config")) return Level.DEBUG;
        return null;
      case 7:
        if (s.equalsIgnoreCase("warning")) return Level.WARN;
        if (s.equalsIgnoreCase("verbose")) return Level.DEBUG;
        return null;
      case 8:
        if (s.equalsIgnoreCase("critical")) return Level.FATAL;
        return null;
      case 9:
        if (s.equalsIgnoreCase("emergency")) return Level.FATAL;
        return null;
      case 11:
        if (s.equalsIgnoreCase("information")) return Level.INFO;
        return null;
      default:
        return null;
    }
  }

  private static Level fromNumberOrLetter(char c) {
    switch (c) {
      case 'T':
      case 't':
      case 'V':
      case 'v':
        return Level.TRACE;
      case 'D':
      case 'd':
        return Level.DEBUG;
      case 'I':
      case 'i':
        return Level.INFO;
      case 'W':
      case 'w':
        return Level.WARN;
      case 'E':
      case 'e':
        return Level.ERROR;
      case 'F':
      case 'f':
        return Level.FATAL;
      default:
        return c >= '0' && c <= '7' ? fromSyslogSeverity(c - '0') : null;
    }
  }

  private static Level fromPino(int n) {
    switch (n) {
      case 10:
        return Level.TRACE;
      case 20:
        return Level.DEBUG;
      case 30:
        return Level.INFO;
      case 40:
        return Level.WARN;
      case 50:
        return Level.ERROR;
      case 60:
        return Level.FATAL;
      default:
        return null;
    }
  }

  /**
   * Syslog severity (RFC 5424 §6.2.1): 0 emergency, 1 alert, 2 critical → FATAL; 3 error → ERROR; 4
   * warning → WARN; 5 notice, 6 informational → INFO; 7 debug → DEBUG.
   */
  public static Level fromSyslogSeverity(int severity) {
    switch (severity) {
      case 0:
      case 1:
      case 2:
        return Level.FATAL;
      case 3:
        return Level.ERROR;
      case 4:
        return Level.WARN;
      case 5:
      case 6:
        return Level.INFO;
      case 7:
        return Level.DEBUG;
      default:
        return null;
    }
  }

  /**
   * The level an access-log line gets from its HTTP status: 5xx → ERROR (the server failed), 4xx →
   * WARN (the client erred; not a server error, but worth seeing), anything else → INFO.
   */
  public static Level fromHttpStatus(int status) {
    if (status >= 500 && status <= 599) {
      return Level.ERROR;
    }
    if (status >= 400 && status <= 499) {
      return Level.WARN;
    }
    return Level.INFO;
  }

  /**
   * Finds a level in unstructured text: the first whole word among {@code TRACE DEBUG INFO NOTICE
   * WARN WARNING ERROR ERR SEVERE FATAL CRITICAL CRIT EMERG ALERT PANIC} written in capitals, or
   * any-case inside brackets ({@code [error]}, as nginx and Apache error logs write it); a record
   * that opens with a Python traceback gives ERROR. Lower-case words in prose ("no error found")
   * are deliberately not levels. {@code null} if none is found.
   */
  public static Level detect(CharSequence text) {
    if (text == null) {
      return null;
    }
    int end = Math.min(text.length(), DETECT_WINDOW);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        break;
      }
      if (!isLetter(c) || (i > 0 && isLetter(text.charAt(i - 1)))) {
        continue;
      }
      int j = i;
      while (j < end && isLetter(text.charAt(j))) {
        j++;
      }
      int len = j - i;
      if (len >= 3 && len <= 8) {
        boolean bracketed =
            i > 0 && text.charAt(i - 1) == '[' && j < text.length() && text.charAt(j) == ']';
        if (bracketed || isUpper(text, i, j)) {
          Level level = fromName(text.subSequence(i, j).toString());
          if (level != null) {
            return level;
          }
        }
      }
      i = j - 1; // the loop moves on to text[j], which may be the end of the line
    }
    if (startsWith(text, "Traceback (most recent call last)")) {
      return Level.ERROR;
    }
    return null;
  }

  private static boolean isUpper(CharSequence s, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean startsWith(CharSequence s, String prefix) {
    if (s.length() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (s.charAt(i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
