package dev.sluice.ingest.parse;

/**
 * Parses logfmt ({@code time=2024-01-15T10:23:45Z level=info msg="user logged in" user=42}), as
 * written by Go's slog/logrus, Heroku and Grafana tools.
 *
 * <p>Pairs are separated by blanks; a value may be bare or double-quoted with backslash escapes
 * ({@code \" \\ \n \t}); a bare key means {@code true}. Well-known keys become event fields (see
 * {@link KnownFields}), the rest attributes. Only the first line is logfmt: further lines (a stack
 * trace merged by multiline handling) are appended to the message. A record without a single {@code
 * key=value} pair, with an unterminated quote, or with a key holding characters no logfmt writer
 * produces is {@link ParseResult.Failed}. One pass, no regular expressions; thread-safe.
 */
public final class LogfmtParser implements LogParser {
  private static final int SNIFF_WINDOW = 1024;

  private final TimestampParser timestamps;

  public LogfmtParser(TimestampParser timestamps) {
    this.timestamps = timestamps;
  }

  @Override
  public String name() {
    return "logfmt";
  }

  /**
   * A cheap test for {@code auto}: the record opens with {@code key=} and has at least two such
   * pairs in its first {@value #SNIFF_WINDOW} characters.
   */
  public static boolean looksLikeLogfmt(String record) {
    int n = Math.min(record.length(), SNIFF_WINDOW);
    int pairs = 0;
    int i = 0;
    while (i < n) {
      while (i < n && (record.charAt(i) == ' ' || record.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n || record.charAt(i) == '\n') {
        break;
      }
      int keyStart = i;
      while (i < n && isKeyChar(record.charAt(i))) {
        i++;
      }
      boolean pair = i > keyStart && i < n && record.charAt(i) == '=';
      if (pairs == 0 && !pair) {
        return false;
      }
      if (pair) {
        pairs++;
        i++;
        if (i < n && record.charAt(i) == '"') {
          i = closingQuote(record, i + 1, n);
          if (i < 0) {
            break;
          }
          i++;
        }
      }
      while (i < n
          && record.charAt(i) != ' '
          && record.charAt(i) != '\t'
          && record.charAt(i) != '\n') {
        i++;
      }
    }
    return pairs >= 2;
  }

  @Override
  public ParseResult parse(String record) {
    if (record == null) {
      return new ParseResult.Failed("null record");
    }
    int lineEnd = record.indexOf('\n');
    int n = lineEnd < 0 ? record.length() : lineEnd;
    if (n > 0 && record.charAt(n - 1) == '\r') {
      n--;
    }
    ParsedFields fields = new ParsedFields();
    int pairs = 0;
    int i = 0;
    while (i < n) {
      char c = record.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      int keyStart = i;
      while (i < n && isKeyChar(record.charAt(i))) {
        i++;
      }
      if (i == keyStart) {
        return new ParseResult.Failed("not logfmt: unexpected character at " + i);
      }
      String key = record.substring(keyStart, i);
      if (i >= n || record.charAt(i) == ' ' || record.charAt(i) == '\t') {
        KnownFields.assign(fields, key, "true", timestamps);
        continue;
      }
      if (record.charAt(i) != '=') {
        return new ParseResult.Failed("not logfmt: unexpected character in key at " + i);
      }
      i++;
      String value;
      if (i < n && record.charAt(i) == '"') {
        int close = closingQuote(record, i + 1, n);
        if (close < 0) {
          return new ParseResult.Failed("unterminated quote at " + i);
        }
        value = unescape(record, i + 1, close);
        i = close + 1;
        if (i < n && record.charAt(i) != ' ' && record.charAt(i) != '\t') {
          return new ParseResult.Failed("not logfmt: text after closing quote at " + i);
        }
      } else {
        int valueStart = i;
        while (i < n && record.charAt(i) != ' ' && record.charAt(i) != '\t') {
          i++;
        }
        value = record.substring(valueStart, i);
      }
      pairs++;
      KnownFields.assign(fields, key, value, timestamps);
    }
    if (pairs == 0) {
      return new ParseResult.Failed("not logfmt: no key=value pair");
    }
    if (lineEnd >= 0 && lineEnd + 1 < record.length()) {
      String rest = record.substring(lineEnd + 1);
      fields.message = fields.message == null ? rest : fields.message + "\n" + rest;
    }
    return new ParseResult.Parsed(KnownFields.finish(fields, record));
  }

  private static int closingQuote(String s, int from, int to) {
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

  private static String unescape(String s, int from, int to) {
    int slash = s.indexOf('\\', from);
    if (slash < 0 || slash >= to) {
      return s.substring(from, to);
    }
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < to) {
        char e = s.charAt(++i);
        switch (e) {
          case 'n':
            out.append('\n');
            break;
          case 't':
            out.append('\t');
            break;
          case 'r':
            out.append('\r');
            break;
          default:
            out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-'
        || c == '@'
        || c == '/'
        || c == ':';
  }
}
