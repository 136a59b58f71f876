package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.TextScan.isDigit;
import static dev.sluice.ingest.parse.TextScan.isDigits;
import static dev.sluice.ingest.parse.TextScan.skipBlanks;

/**
 * Parses the text layouts Java (and Python) logging frameworks print by default or by habit: a
 * leading timestamp, then, in any order, a level, a {@code [thread]}, a logger, and a separator
 * ({@code -} or {@code :}) before the message. Examples it reads:
 *
 * <pre>
 * 2024-01-15 10:23:45.123 [main] INFO  com.example.App - Started            (logback default)
 * 2024-01-15 10:23:45,123 INFO  [main] com.example.App - Started            (log4j %d %-5p [%t] %c)
 * 2024-01-15T10:23:45.123+01:00  INFO 4242 --- [  main] c.e.App  : Started  (Spring Boot)
 * 10:23:45.123 [main] INFO com.example.App - Started                       (log4j2 default, no date)
 * 2024-01-15 10:23:45,123 - myapp - ERROR - Failed                         (Python logging)
 * 2024-01-15 10:23:45 ERROR Something failed                               (no logger)
 * 2024/01/15 10:23:45 [error] 77#0: *3 connect() failed                    (nginx error log)
 * </pre>
 *
 * Everything after the header, further lines included (a merged stack trace), is the message. A
 * time-only stamp leaves the event time empty and keeps the text in the attribute {@code time}; a
 * number before {@code ---} is the attribute {@code pid}; a level in brackets ({@code [INFO]}) is
 * the level; a second bracket in the header (Spring Boot 3's {@code [app] [thread]}) moves the
 * first to the attribute {@code context}. A record without a leading timestamp and a level word is
 * {@link ParseResult.Failed}.
 *
 * <p>The header is read by a bounded scanner (at most {@value #MAX_HEADER_TOKENS} tokens of at most
 * {@value #MAX_TOKEN} characters), so long records cost no more than short ones. Thread-safe.
 */
public final class JavaLayoutParser implements LogParser {
  static final int MAX_HEADER_TOKENS = 10;
  static final int MAX_TOKEN = 256;

  private final TimestampParser timestamps;

  public JavaLayoutParser(TimestampParser timestamps) {
    this.timestamps = timestamps;
  }

  @Override
  public String name() {
    return "java";
  }

  @Override
  public ParseResult parse(String record) {
    if (record == null) {
      return new ParseResult.Failed("null record");
    }
    String s = record;
    int n = s.length();
    while (n > 0 && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r')) {
      n--;
    }
    ParsedFields f = new ParsedFields();
    int i;
    TimestampParser.Scan time = timestamps.scanIso(s, 0);
    if (time != null) {
      f.eventTime = time.instant();
      i = time.end();
    } else {
      i = timeOnlyEnd(s, n);
      if (i < 0) {
        return fail("no leading timestamp");
      }
      f.attributes.put("time", s.substring(0, i));
    }
    int messageStart = -1;
    for (int tokens = 0; tokens < MAX_HEADER_TOKENS && messageStart < 0; tokens++) {
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n || s.charAt(i) == '\n' || s.charAt(i) == '\r') {
        messageStart = i;
        break;
      }
      char c = s.charAt(i);
      if (c == '[') {
        int close = HeaderWords.matchingBracket(s, i, Math.min(n, i + MAX_TOKEN));
        if (close < 0) {
          messageStart = i;
          break;
        }
        String inside = s.substring(i + 1, close).strip();
        i = close + 1;
        if (f.level == null && isLevelWord(inside)) {
          f.level = Levels.fromName(inside); // "[INFO]", nginx's "[error]"
          continue;
        }
        if (f.thread != null) {
          f.attributes.put("context", f.thread);
        }
        f.thread = inside;
        continue;
      }
      if (isSeparator(s, i, n)) {
        if (f.level != null) {
          messageStart = skipBlanks(s, i + 1, n);
        } else {
          i++;
        }
        continue;
      }
      int end = wordEnd(s, i, Math.min(n, i + MAX_TOKEN));
      String word = s.substring(i, end);
      if (f.level == null && isLevelWord(word)) {
        f.level = Levels.fromName(word);
        i = end;
        continue;
      }
      if ("---".equals(word)) {
        i = end;
        continue;
      }
      int next = skipBlanks(s, end, n);
      if (f.level != null && isDigits(word) && s.startsWith("---", next)) {
        f.attributes.put("pid", word);
        i = end;
        continue;
      }
      if (f.logger == null
          && word.endsWith(":")
          && word.length() > 1
          && isLoggerName(word, word.length() - 1)) {
        f.logger = word.substring(0, word.length() - 1);
        if (f.level != null) {
          messageStart = skipBlanks(s, end, n);
        } else {
          i = end;
        }
        continue;
      }
      if (f.logger == null && isLoggerName(word, word.length()) && isSeparator(s, next, n)) {
        f.logger = word;
        i = end;
        continue;
      }
      messageStart = i;
    }
    if (f.level == null) {
      return fail("no level after the timestamp");
    }
    if (messageStart < 0) {
      messageStart = i;
    }
    f.message = s.substring(Math.min(messageStart, n), n);
    return new ParseResult.Parsed(KnownFields.finish(f, record));
  }

  private static boolean isLevelWord(String word) {
    // Upper case, or as Python writes it; avoids taking "Info" in "Info about x" for a level.
    if (word.length() < 4 || word.length() > 8) {
      return false;
    }
    boolean upper = true;
    for (int k = 0; k < word.length(); k++) {
      char c = word.charAt(k);
      if (c < 'A' || c > 'Z') {
        upper = false;
        break;
      }
    }
    return (upper || word.chars().allMatch(ch -> ch >= 'a' && ch <= 'z'))
        && Levels.fromName(word) != null;
  }

  /** {@code HH:mm:ss[.,]SSS} at the start: the end index, or -1. */
  private static int timeOnlyEnd(String s, int n) {
    if (n < 8
        || !isDigit(s.charAt(0))
        || !isDigit(s.charAt(1))
        || s.charAt(2) != ':'
        || !isDigit(s.charAt(3))
        || !isDigit(s.charAt(4))
        || s.charAt(5) != ':'
        || !isDigit(s.charAt(6))
        || !isDigit(s.charAt(7))) {
      return -1;
    }
    int i = 8;
    if (i + 1 < n && (s.charAt(i) == '.' || s.charAt(i) == ',') && isDigit(s.charAt(i + 1))) {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    }
    return i < n && s.charAt(i) != ' ' ? -1 : i;
  }

  private static boolean isSeparator(String s, int i, int n) {
    if (i >= n) {
      return false;
    }
    char c = s.charAt(i);
    return (c == '-' || c == ':' || c == '|') && (i + 1 >= n || s.charAt(i + 1) == ' ');
  }

  private static boolean isLoggerName(String word, int length) {
    if (length == 0 || !Character.isJavaIdentifierStart(word.charAt(0))) {
      return false;
    }
    for (int k = 1; k < length; k++) {
      char c = word.charAt(k);
      if (!Character.isJavaIdentifierPart(c) && c != '.' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static int wordEnd(String s, int from, int to) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  private ParseResult fail(String reason) {
    return new ParseResult.Failed("not a Java/Python text layout: " + reason);
  }
}
