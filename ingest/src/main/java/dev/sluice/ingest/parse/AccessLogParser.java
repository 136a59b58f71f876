package dev.sluice.ingest.parse;

import dev.sluice.model.HttpRequest;

/**
 * Parses Apache/Nginx access logs in the common and combined formats:
 *
 * <pre>
 * 127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif?x=1 HTTP/1.0" 200 2326 "http://ref/" "Mozilla/4.08" 0.042
 * </pre>
 *
 * Fields: client address, remote user (attribute {@code user}), time, method, path, query,
 * protocol, status, bytes ({@code -} is 0), and in the combined format referrer and user agent.
 * Trailing fields some setups append are read too: the first bare number is the request time — a
 * number with a decimal point is seconds (Nginx {@code $request_time}), an integer is microseconds
 * (Apache {@code %D}) — and {@code key=value} pairs ({@code rt=0.05 upstream=…}) become attributes
 * (or fields, see {@link KnownFields}); anything else trailing is kept in the attribute {@code
 * extra}. A request line that is not {@code METHOD target PROTOCOL} (TLS bytes sent to a plain
 * port, {@code "-"}) is kept whole in the attribute {@code request}. The level comes from the
 * status ({@link Levels#fromHttpStatus}); the message is the whole line.
 *
 * <p>A hand-written single-pass scanner (no regular expression, so no backtracking on long lines)
 * that honours backslash escapes inside quotes. Lines without the bracketed time, the quoted
 * request and a three-digit status are {@link ParseResult.Failed}. Thread-safe.
 */
public final class AccessLogParser implements LogParser {
  private static final int MAX_TOKEN = 4096;

  private final String name;
  private final TimestampParser timestamps;

  private AccessLogParser(String name, TimestampParser timestamps) {
    this.name = name;
    this.timestamps = timestamps;
  }

  /** The combined format (referrer and agent read when present). */
  public static AccessLogParser combined(TimestampParser timestamps) {
    return new AccessLogParser("combined", timestamps);
  }

  /** The common format; the same scanner, so combined lines are read in full too. */
  public static AccessLogParser common(TimestampParser timestamps) {
    return new AccessLogParser("common", timestamps);
  }

  @Override
  public String name() {
    return name;
  }

  /** The timestamp reader this parser reads the bracketed time with. */
  public TimestampParser timestamps() {
    return timestamps;
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
    int i = 0;
    int clientEnd = tokenEnd(s, i, Math.min(n, i + 256));
    if (clientEnd == i || clientEnd >= n || s.charAt(clientEnd) != ' ') {
      return fail("no client address");
    }
    String client = s.substring(i, clientEnd);
    i = clientEnd + 1;
    int identEnd = tokenEnd(s, i, Math.min(n, i + 256));
    if (identEnd >= n || s.charAt(identEnd) != ' ') {
      return fail("no ident field");
    }
    i = identEnd + 1;
    int bracket = indexOf(s, '[', i, Math.min(n, i + 256));
    if (bracket < 0 || bracket == i || s.charAt(bracket - 1) != ' ') {
      return fail("no [time] after the user field");
    }
    // "-" (no user) is nearly every line: no substring for it
    String user = bracket - 1 == i + 1 && s.charAt(i) == '-' ? "-" : s.substring(i, bracket - 1);
    int close = indexOf(s, ']', bracket, Math.min(n, bracket + 64));
    if (close < 0) {
      return fail("unterminated [time]");
    }
    TimestampParser.Scan time = timestamps.scanApache(s, bracket + 1);
    if (time == null || time.end() != close) {
      return fail("bad timestamp [" + s.substring(bracket + 1, close) + "]");
    }
    i = close + 1;
    if (i + 1 >= n || s.charAt(i) != ' ' || s.charAt(i + 1) != '"') {
      return fail("no quoted request after the time");
    }
    int requestEnd = closingQuote(s, i + 2, n);
    if (requestEnd < 0) {
      return fail("unterminated quote in the request at " + (i + 1));
    }
    int requestStart = i + 2;
    i = requestEnd + 1;
    if (i + 4 > n || s.charAt(i) != ' ') {
      return fail("no status after the request");
    }
    int status = (int) Digits.parse(s, i + 1, i + 4);
    if (status < 100 || status > 599 || (i + 4 < n && s.charAt(i + 4) != ' ')) {
      return fail("bad status at " + (i + 1));
    }
    i += 4;
    HttpRequest http = new HttpRequest();
    ParsedFields f = new ParsedFields();
    f.eventTime = time.instant();
    http.setClientAddress(client);
    http.setStatus(status);
    if (!"-".equals(user)) {
      f.attributes.put("user", user);
    }
    if (indexOf(s, '\\', requestStart, requestEnd) < 0) {
      splitRequest(s, requestStart, requestEnd, http, f); // no escapes: read it in place
    } else {
      String request = unescape(s, requestStart, requestEnd);
      splitRequest(request, 0, request.length(), http, f);
    }
    if (i < n) {
      int bytesEnd = tokenEnd(s, i + 1, n);
      long b = bytesEnd == i + 2 && s.charAt(i + 1) == '-' ? 0 : Digits.parse(s, i + 1, bytesEnd);
      if (b < 0) {
        return fail("bad byte count '" + abbreviate(s.substring(i + 1, bytesEnd)) + "'");
      }
      http.setBytes(b);
      i = bytesEnd;
    }
    i = readTrailing(s, i, n, http, f);
    if (i < 0) {
      return fail("unterminated quote after the byte count");
    }
    f.http = http;
    f.level = Levels.fromHttpStatus(status);
    f.message = n == record.length() ? record : record.substring(0, n);
    return new ParseResult.Parsed(f);
  }

  /** Referrer, agent and extra fields after the byte count; -1 on an unterminated quote. */
  private int readTrailing(String s, int i, int n, HttpRequest http, ParsedFields f) {
    int quoted = 0;
    StringBuilder extra = null;
    while (i < n) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        i++;
        continue;
      }
      if (s.charAt(i) == '"') {
        int close = closingQuote(s, i + 1, n);
        if (close < 0) {
          return -1;
        }
        String value = unescape(s, i + 1, close);
        quoted++;
        if (quoted == 1 && http.getDurationMs() == null) {
          if (!"-".equals(value)) {
            http.setReferrer(value);
          }
        } else if (quoted == 2 && http.getDurationMs() == null) {
          if (!"-".equals(value)) {
            http.setUserAgent(value);
          }
        } else {
          extra = appendExtra(extra, s, i, close + 1);
        }
        i = close + 1;
        continue;
      }
      int end = tokenEnd(s, i, n);
      int eq = indexOf(s, '=', i, end);
      if (eq > i) {
        String key = s.substring(i, eq);
        String value = s.substring(eq + 1, end);
        if (value.length() >= 2
            && value.charAt(0) == '"'
            && value.charAt(value.length() - 1) == '"') {
          value = value.substring(1, value.length() - 1);
        }
        f.http = http;
        KnownFields.assign(f, key, value, timestamps);
      } else if (http.getDurationMs() == null && isNumber(s, i, end)) {
        double d = KnownFields.parseDouble(s.substring(i, end));
        http.setDurationMs(indexOf(s, '.', i, end) >= 0 ? d * 1000.0 : d / 1000.0);
      } else {
        extra = appendExtra(extra, s, i, end);
      }
      i = end;
    }
    if (extra != null) {
      f.attributes.put("extra", extra.toString());
    }
    return i;
  }

  private static StringBuilder appendExtra(StringBuilder extra, String s, int from, int to) {
    StringBuilder out = extra == null ? new StringBuilder() : extra.append(' ');
    return out.append(s, from, Math.min(to, from + MAX_TOKEN));
  }

  /**
   * Splits the request line {@code s[from, to)} ({@code METHOD target PROTOCOL}) into the request's
   * fields, taking each field's substring of {@code s} directly (no string of the whole request, no
   * string of the target); a line that is not a request is kept whole in the attribute {@code
   * request}.
   */
  private static void splitRequest(String s, int from, int to, HttpRequest http, ParsedFields f) {
    int firstSpace = indexOf(s, ' ', from, to);
    int lastSpace = to > from ? s.lastIndexOf(' ', to - 1) : -1;
    if (firstSpace <= from || !isUpperWord(s, from, firstSpace)) {
      f.attributes.put("request", s.substring(from, to));
      return;
    }
    http.setMethod(s.substring(from, firstSpace));
    int targetEnd = to;
    if (lastSpace > firstSpace && to - lastSpace > 5 && s.startsWith("HTTP/", lastSpace + 1)) {
      http.setProtocol(s.substring(lastSpace + 1, to));
      targetEnd = lastSpace;
    }
    int q = indexOf(s, '?', firstSpace + 1, targetEnd);
    http.setPath(s.substring(firstSpace + 1, q < 0 ? targetEnd : q));
    if (q >= 0) {
      http.setQuery(s.substring(q + 1, targetEnd));
    }
  }

  private static boolean isUpperWord(String s, int from, int to) {
    if (to <= from || to - from > 32) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if ((c < 'A' || c > 'Z') && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isNumber(String s, int from, int to) {
    boolean digit = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '.') {
        return false;
      }
    }
    return digit && to - from <= 24;
  }

  /**
   * The first space in {@code [from, to)}, or {@code to}. {@code String.indexOf} is a vectorised
   * intrinsic; it may look past {@code to}, but only up to the next space, so a line is still read
   * in linear time.
   */
  private static int tokenEnd(String s, int from, int to) {
    if (from >= to) {
      return from;
    }
    int space = s.indexOf(' ', from);
    return space < 0 || space > to ? to : space;
  }

  private static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  static int closingQuote(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /** Undoes Apache's {@code \"} and {@code \\}; Nginx's {@code \x22} stays as written. */
  private static String unescape(String s, int from, int to) {
    int slash = indexOf(s, '\\', from, to);
    if (slash < 0) {
      return s.substring(from, to);
    }
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < to && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
        out.append(s.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "…";
  }

  private ParseResult fail(String reason) {
    return new ParseResult.Failed("not a " + name + " access log line: " + reason);
  }
}
