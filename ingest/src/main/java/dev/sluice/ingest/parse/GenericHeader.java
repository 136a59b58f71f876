package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.HeaderWords.MAX_WORD;
import static dev.sluice.ingest.parse.HeaderWords.isLevelWord;
import static dev.sluice.ingest.parse.HeaderWords.isName;
import static dev.sluice.ingest.parse.HeaderWords.isSeparator;
import static dev.sluice.ingest.parse.HeaderWords.matchingBracket;
import static dev.sluice.ingest.parse.HeaderWords.wordEnd;
import static dev.sluice.ingest.parse.TextScan.isDigits;
import static dev.sluice.ingest.parse.TextScan.skipBlanks;

import dev.sluice.ingest.parse.HeaderTimestamps.Stamp;

/**
 * The general line header: a leading timestamp (bare, in brackets, or after a source name), then up
 * to {@value #MAX_FIELDS} header fields, then the message. This one structural reader covers the
 * Apache error log ({@code [time] [level] message}), bracketed and bare levels, Android logcat
 * ({@code time pid tid L Tag: message}), Windows CBS and other column layouts ({@code time, Level
 * Component message}), compact-date Java layouts ({@code time pid LEVEL logger: message}),
 * OpenStack-style {@code logger [context]} and pipe-separated fields ({@code time|component|pid|
 * message}). Guarantees: null when the line does not start with a timestamp it recognises;
 * otherwise fields with the message set (possibly empty) and the instant of the timestamp, numbers
 * after it in {@code pid}, {@code tid}, then {@code numberN}. One bounded pass; thread-safe.
 */
final class GenericHeader {
  private static final int MAX_FIELDS = 12;

  private final HeaderTimestamps timestamps;

  GenericHeader(HeaderTimestamps timestamps) {
    this.timestamps = timestamps;
  }

  /** The header's fields and message, or null when {@code s} has no leading timestamp. */
  ParsedFields parse(String s) {
    int n = s.length();
    ParsedFields f = new ParsedFields();
    int i = 0;
    Stamp time = null;
    if (n > 0 && s.charAt(0) == '[') {
      int close = matchingBracket(s, 0, n);
      if (close > 0) {
        Stamp inner = timestamps.timestamp(s.substring(1, close), 0);
        if (inner != null && inner.end() == close - 1) {
          time = new Stamp(close + 1, inner.instant());
        }
      }
    } else {
      time = timestamps.timestamp(s, 0);
      if (time == null) {
        // "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 …": a source name first.
        int first = wordEnd(s, 0, Math.min(n, MAX_WORD));
        if (first > 0 && first + 1 < n && s.charAt(first) == ' ') {
          time = timestamps.timestamp(s, first + 1);
          if (time != null) {
            f.attributes.put("file", s.substring(0, first));
          }
        }
      }
    }
    if (time == null) {
      return null;
    }
    f.eventTime = time.instant();
    i = time.end();
    if (i < n && s.charAt(i) == ',') {
      i++; // "2016-09-28 04:30:30, Info"
    }
    if (i < n && s.charAt(i) == '|') {
      return pipeFields(s, i, f);
    }
    int numbers = 0;
    int messageStart = -1;
    for (int field = 0; field < MAX_FIELDS && messageStart < 0; field++) {
      i = skipBlanks(s, i, n);
      if (i >= n) {
        messageStart = n;
        break;
      }
      char c = s.charAt(i);
      if (c == '[') {
        int close = matchingBracket(s, i, Math.min(n, i + 4 * MAX_WORD));
        if (close < 0) {
          messageStart = i;
          break;
        }
        String inside = s.substring(i + 1, close).strip();
        if (f.level == null && isLevelWord(inside, false)) {
          f.level = Levels.fromName(inside);
          messageStart = skipBlanks(s, close + 1, n); // Apache: the message follows the level
          break;
        }
        if (f.level == null && f.logger == null) {
          putThread(f, inside);
          i = close + 1;
          continue;
        }
        if (f.logger != null) {
          f.attributes.put("context", inside);
          messageStart = skipBlanks(s, close + 1, n);
          break;
        }
        putThread(f, inside);
        i = close + 1;
        continue;
      }
      if (isSeparator(s, i, n)) {
        if (f.level != null || f.thread != null || f.logger != null) {
          messageStart = skipBlanks(s, i + 1, n);
          break;
        }
        i++;
        continue;
      }
      int end = wordEnd(s, i, Math.min(n, i + MAX_WORD));
      String word = s.substring(i, end);
      int next = skipBlanks(s, end, n);
      if (f.level == null && f.logger == null && isDigits(word) && word.length() <= 10) {
        f.attributes.put(numbers == 0 ? "pid" : numbers == 1 ? "tid" : "number" + numbers, word);
        numbers++;
        i = end;
        continue;
      }
      if (f.level == null && isLevelWord(word, numbers >= 2)) {
        f.level = Levels.fromName(word);
        i = end;
        continue;
      }
      if (f.logger == null && word.length() > 1 && word.endsWith(":") && isName(word, 1)) {
        f.logger = word.substring(0, word.length() - 1);
        messageStart = next;
        break;
      }
      if (f.logger == null && isName(word, 0)) {
        boolean tagThenColon = f.level != null && next < n && s.charAt(next) == ':' && next > end;
        boolean thenDash = isSeparator(s, next, n) && s.charAt(next) == '-';
        boolean thenContext = f.level != null && next < n && s.charAt(next) == '[';
        boolean column = f.level != null && next - end >= 2;
        if (tagThenColon) {
          f.logger = word;
          messageStart = skipBlanks(s, next + 1, n);
          break;
        }
        if (thenDash || thenContext || column) {
          f.logger = word;
          i = end;
          if (column) {
            messageStart = next;
            break;
          }
          continue;
        }
        // "chrome.exe *64 - message": a program name of two words before the dash.
        if (f.level == null && numbers == 0 && next < n) {
          int end2 = wordEnd(s, next, Math.min(n, next + MAX_WORD));
          int next2 = skipBlanks(s, end2, n);
          if (end2 > next && isSeparator(s, next2, n) && s.charAt(next2) == '-') {
            f.logger = s.substring(i, end2);
            i = end2;
            continue;
          }
        }
      }
      messageStart = i;
    }
    if (messageStart < 0) {
      messageStart = i;
    }
    f.message = s.substring(Math.min(messageStart, n));
    return f;
  }

  /** {@code time|component|pid|message}: up to two fields without spaces before the message. */
  private static ParsedFields pipeFields(String s, int i, ParsedFields f) {
    int n = s.length();
    int at = i + 1;
    for (int k = 0; k < 2; k++) {
      int bar = s.indexOf('|', at);
      if (bar < 0 || bar - at > MAX_WORD || s.substring(at, bar).indexOf(' ') >= 0) {
        break;
      }
      String value = s.substring(at, bar);
      if (isDigits(value)) {
        f.attributes.put("pid", value);
      } else if (f.logger == null) {
        f.logger = value;
      } else {
        f.attributes.put("field" + k, value);
      }
      at = bar + 1;
    }
    f.message = s.substring(Math.min(at, n));
    return f;
  }

  private static void putThread(ParsedFields f, String inside) {
    if (f.thread != null) {
      f.attributes.put("context", f.thread);
    }
    f.thread = inside;
  }
}
