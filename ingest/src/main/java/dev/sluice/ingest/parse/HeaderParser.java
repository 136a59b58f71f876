package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.TextScan.digits;
import static dev.sluice.ingest.parse.TextScan.digitsAt;
import static dev.sluice.ingest.parse.TextScan.isDigit;
import static dev.sluice.ingest.parse.TextScan.isDigits;
import static dev.sluice.ingest.parse.TextScan.skipBlanks;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * Finds the message in a line that starts with a header of the common kinds, without being told the
 * layout, and puts the header's timestamp, host, level and component into their fields. Used by
 * {@link AutoParser} for lines the JSON, logfmt, access-log, syslog and Java parsers did not take.
 * The families it reads, by structure (no per-source patterns):
 *
 * <pre>
 * [Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok          (Apache error log)
 * 03-17 16:13:38.811  1702  2395 D WindowManager: message          (Android logcat threadtime)
 * 2016-09-28 04:30:30, Info                  CBS    message        (Windows CBS / column layouts)
 * 081109 203615 148 INFO dfs.DataNode$PacketResponder: message     (compact date, pid, logger)
 * 17/06/09 20:10:40 INFO spark.SecurityManager: message            (yy/MM/dd)
 * 2017-05-16 00:00:00.008 25746 INFO nova.api [req-1 - -] message  (pid, logger, context)
 * 20171223-22:15:29:606|Step_LSC|30002312|message                  (pipe-separated fields)
 * [10.30 16:49:06] chrome.exe - message                            (bracketed time, program)
 * 1131566461 message                                               (epoch seconds or millis)
 * - 1117838570 2005.06.03 R02-M1 2005-06-03-15.42.50.675872 R02-M1 RAS KERNEL INFO message (BGL)
 * - 1131566461 2005.11.09 dn228 Nov 9 12:01:01 dn228/dn228 crond[2915]: message (Thunderbird)
 * 134681 node-246 unix.hw state_change.unavailable 1077804742 1 message (HPC: id node component
 *                                                                         state epoch flag)
 * </pre>
 *
 * A header is a leading timestamp followed by header fields (numbers, a level, a bracketed thread
 * or context, a component or logger, separators); the message starts at the first word that is none
 * of these. A component is a word that ends with {@code :}, or one followed by {@code " - "}, by a
 * {@code [context]}, or by a column gap of two or more spaces. The level is a known level word
 * (upper case, capitalised or lower case; a single letter only after the numbers of a logcat line).
 * Numbers after the timestamp go to {@code pid} and {@code tid}. Without a leading timestamp the
 * line is {@link ParseResult.Failed}. One bounded pass, no regular expressions. Thread-safe.
 */
public final class HeaderParser implements LogParser {
  private static final int MAX_FIELDS = 12;
  private static final int MAX_WORD = 128;

  private final TimestampParser timestamps;

  public HeaderParser(TimestampParser timestamps) {
    this.timestamps = timestamps;
  }

  @Override
  public String name() {
    return "header";
  }

  @Override
  public ParseResult parse(String record) {
    if (record == null) {
      return new ParseResult.Failed("null record");
    }
    int n = record.length();
    while (n > 0 && (record.charAt(n - 1) == '\n' || record.charAt(n - 1) == '\r')) {
      n--;
    }
    String s = record.substring(0, n);
    ParsedFields f = clusterFields(s);
    if (f == null) {
      f = hpcFields(s);
    }
    if (f == null) {
      f = generic(s);
    }
    if (f == null) {
      return new ParseResult.Failed("no recognised line header (no leading timestamp)");
    }
    if (f.level == null) {
      f.level = Levels.detect(f.message);
    }
    return new ParseResult.Parsed(KnownFields.finish(f, record));
  }

  /** A timestamp found at some index: where it ends and the instant (null if not computable). */
  private record Stamp(int end, Instant instant) {}

  // ---- the generic header ----

  private ParsedFields generic(String s) {
    int n = s.length();
    ParsedFields f = new ParsedFields();
    int i = 0;
    Stamp time = null;
    if (n > 0 && s.charAt(0) == '[') {
      int close = matchingBracket(s, 0, n);
      if (close > 0) {
        Stamp inner = timestamp(s.substring(1, close), 0);
        if (inner != null && inner.end() == close - 1) {
          time = new Stamp(close + 1, inner.instant());
        }
      }
    } else {
      time = timestamp(s, 0);
      if (time == null) {
        // "nova-api.log.1.2017-05-16_13:53:08 2017-05-16 00:00:00.008 …": a source name first.
        int first = wordEnd(s, 0, Math.min(n, MAX_WORD));
        if (first > 0 && first + 1 < n && s.charAt(first) == ' ') {
          time = timestamp(s, first + 1);
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

  // ---- HPC cluster logs: BGL / Thunderbird style, and LANL HPC ----

  /**
   * {@code LABEL EPOCH yyyy.MM.dd NODE} then either BGL's {@code yyyy-MM-dd-HH.mm.ss.ffffff NODE
   * TYPE COMPONENT LEVEL message} or Thunderbird's {@code Mon d HH:mm:ss LOCATION tag[pid]:
   * message}.
   */
  private ParsedFields clusterFields(String s) {
    int n = s.length();
    int labelEnd = wordEnd(s, 0, Math.min(n, 32));
    if (labelEnd == 0 || labelEnd >= n || !isLabel(s, 0, labelEnd)) {
      return null;
    }
    int epochStart = labelEnd + 1;
    int epochEnd = wordEnd(s, epochStart, Math.min(n, epochStart + 14));
    if (epochEnd - epochStart != 10 || !isDigits(s.substring(epochStart, epochEnd))) {
      return null;
    }
    int dateStart = epochEnd + 1;
    if (dateStart + 11 > n
        || s.charAt(dateStart + 4) != '.'
        || s.charAt(dateStart + 7) != '.'
        || s.charAt(dateStart + 10) != ' ') {
      return null;
    }
    int nodeStart = dateStart + 11;
    int nodeEnd = wordEnd(s, nodeStart, Math.min(n, nodeStart + MAX_WORD));
    if (nodeEnd == nodeStart || nodeEnd >= n) {
      return null;
    }
    ParsedFields f = new ParsedFields();
    f.eventTime = Instant.ofEpochSecond(Long.parseLong(s.substring(epochStart, epochEnd)));
    String label = s.substring(0, labelEnd);
    if (!"-".equals(label)) {
      f.attributes.put("alert", label);
    }
    f.host = s.substring(nodeStart, nodeEnd);
    int i = nodeEnd + 1;
    Stamp syslogTime = syslogStamp(s, i);
    if (syslogTime != null) {
      // Thunderbird: LOCATION then a syslog tag, or straight the message.
      int j = skipBlanks(s, syslogTime.end(), n);
      int locEnd = wordEnd(s, j, Math.min(n, j + MAX_WORD));
      f.attributes.put("location", s.substring(j, locEnd));
      j = skipBlanks(s, locEnd, n);
      int tagEnd = SyslogParser.tagEnd(s, j, n);
      if (tagEnd > j) {
        f.service = s.substring(j, tagEnd);
        f.attributes.put("syslog.appname", f.service);
        j = SyslogParser.afterTag(s, tagEnd, n, f);
      }
      f.message = s.substring(Math.min(j, n));
      return f;
    }
    // BGL: time, node again, type, component, level.
    int timeEnd = wordEnd(s, i, Math.min(n, i + 40));
    if (timeEnd - i < 19 || s.charAt(i + 4) != '-' || s.charAt(i + 10) != '-') {
      return null;
    }
    int j = timeEnd;
    String[] fields = new String[3];
    j = skipBlanks(s, j, n);
    int repeatEnd = wordEnd(s, j, Math.min(n, j + MAX_WORD));
    j = skipBlanks(s, repeatEnd, n);
    for (int k = 0; k < 3; k++) {
      int e = wordEnd(s, j, Math.min(n, j + MAX_WORD));
      if (e == j) {
        return null;
      }
      fields[k] = s.substring(j, e);
      j = skipBlanks(s, e, n);
    }
    f.attributes.put("type", fields[0]);
    f.logger = fields[1];
    f.level = Levels.fromName(fields[2]);
    if (f.level == null) {
      f.attributes.put("level", fields[2]);
    }
    f.message = s.substring(Math.min(j, n));
    return f;
  }

  /** {@code ID NODE COMPONENT STATE EPOCH FLAG message} (LANL HPC). */
  private ParsedFields hpcFields(String s) {
    int n = s.length();
    int[] starts = new int[6];
    int[] ends = new int[6];
    int i = 0;
    for (int k = 0; k < 6; k++) {
      if (i >= n) {
        return null;
      }
      starts[k] = i;
      ends[k] = wordEnd(s, i, Math.min(n, i + MAX_WORD));
      if (ends[k] == i) {
        return null;
      }
      i = ends[k] + 1;
    }
    String id = s.substring(starts[0], ends[0]);
    String epoch = s.substring(starts[4], ends[4]);
    String flag = s.substring(starts[5], ends[5]);
    String flagDigits = flag.startsWith("-") ? flag.substring(1) : flag;
    if (!isDigits(id) || !isDigits(flagDigits) || flag.length() > 3) {
      return null;
    }
    if (!isDigits(epoch) || epoch.length() != 10) {
      return null;
    }
    ParsedFields f = new ParsedFields();
    f.eventTime = Instant.ofEpochSecond(Long.parseLong(epoch));
    f.attributes.put("id", id);
    f.host = s.substring(starts[1], ends[1]);
    f.logger = s.substring(starts[2], ends[2]);
    f.attributes.put("state", s.substring(starts[3], ends[3]));
    f.attributes.put("flag", flag);
    f.message = s.substring(Math.min(i, n));
    return f;
  }

  private static boolean isLabel(String s, int from, int to) {
    if (to - from == 1 && s.charAt(from) == '-') {
      return true;
    }
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (!((c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return to > from;
  }

  // ---- timestamps ----

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
  private Stamp syslogStamp(String s, int i) {
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

  // ---- small scanners ----

  /** The index of the bracket closing the one at {@code open}, nesting counted, or -1. */
  static int matchingBracket(String s, int open, int limit) {
    int depth = 0;
    for (int k = open; k < limit; k++) {
      char c = s.charAt(k);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        if (--depth == 0) {
          return k;
        }
      } else if (c == '\n') {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isLevelWord(String word, boolean letterAllowed) {
    if (word.length() == 1) {
      char c = word.charAt(0);
      return letterAllowed && "VDIWEFA".indexOf(c) >= 0;
    }
    if (word.length() < 4 || word.length() > 8) {
      return false;
    }
    boolean upper = true;
    boolean lower = true;
    for (int k = 0; k < word.length(); k++) {
      char c = word.charAt(k);
      upper &= c >= 'A' && c <= 'Z';
      lower &= c >= 'a' && c <= 'z';
    }
    boolean capitalised =
        !upper
            && Character.isUpperCase(word.charAt(0))
            && word.substring(1).chars().allMatch(ch -> ch >= 'a' && ch <= 'z');
    return (upper || lower || capitalised) && Levels.fromName(word) != null;
  }

  /** A component or logger name: identifier characters, dots, {@code $ - / ( )}. */
  private static boolean isName(String word, int dropAtEnd) {
    int length = word.length() - dropAtEnd;
    if (length == 0 || !(Character.isLetterOrDigit(word.charAt(0)) || word.charAt(0) == '_')) {
      return false;
    }
    boolean letter = false;
    for (int k = 0; k < length; k++) {
      char c = word.charAt(k);
      letter |= Character.isLetter(c);
      if (!Character.isLetterOrDigit(c) && "._$-/()@#".indexOf(c) < 0) {
        return false;
      }
    }
    return letter;
  }

  private static boolean isSeparator(String s, int i, int n) {
    if (i >= n) {
      return false;
    }
    char c = s.charAt(i);
    return (c == '-' || c == '|') && (i + 1 >= n || s.charAt(i + 1) == ' ');
  }

  private static int wordEnd(String s, int from, int to) {
    int i = from;
    while (i < to && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
      i++;
    }
    return i;
  }
}
