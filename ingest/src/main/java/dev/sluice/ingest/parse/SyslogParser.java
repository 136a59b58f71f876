package dev.sluice.ingest.parse;

/**
 * Parses syslog messages in RFC 5424 and RFC 3164 (BSD) form:
 *
 * <pre>
 * &lt;165&gt;1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An application event
 * &lt;34&gt;Oct 11 22:14:15 mymachine su[123]: 'su root' failed for lonvick on /dev/pts/8
 * Oct 11 22:14:15 mymachine su: as written to /var/log/syslog (no PRI)
 * </pre>
 *
 * PRI gives the level ({@link Levels#fromSyslogSeverity}) and the attributes {@code
 * syslog.facility} and {@code syslog.severity} (names); without PRI the level is detected in the
 * message. Hostname → host, APP-NAME / tag → service, PROCID → {@code syslog.procid}, MSGID →
 * {@code syslog.msgid}; each structured-data parameter becomes the attribute {@code
 * <SD-ID>.<name>}. A UTF-8 byte-order mark before the message is dropped. RFC 3164 timestamps have
 * no year; see {@link TimestampParser}. With a PRI, RFC 3164's timestamp may also be RFC 3339 (as
 * rsyslog writes it).
 *
 * <p>One pass, no regular expressions. A record that fits neither form is {@link
 * ParseResult.Failed}. Thread-safe.
 */
public final class SyslogParser implements LogParser {
  /** Which forms a parser accepts. */
  public enum Mode {
    ANY,
    RFC5424,
    RFC3164
  }

  private static final String[] FACILITIES = {
    "kern",
    "user",
    "mail",
    "daemon",
    "auth",
    "syslog",
    "lpr",
    "news",
    "uucp",
    "cron",
    "authpriv",
    "ftp",
    "ntp",
    "security",
    "console",
    "solaris-cron",
    "local0",
    "local1",
    "local2",
    "local3",
    "local4",
    "local5",
    "local6",
    "local7"
  };
  private static final String[] SEVERITIES = {
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
  };

  private final Mode mode;
  private final TimestampParser timestamps;

  /** Attribute names of structured data seen lately, by a hash of their text (see sdKey). */
  private final SdKey[] sdKeys = new SdKey[16];

  public SyslogParser(Mode mode, TimestampParser timestamps) {
    this.mode = mode;
    this.timestamps = timestamps;
  }

  @Override
  public String name() {
    switch (mode) {
      case RFC5424:
        return "syslog5424";
      case RFC3164:
        return "syslog3164";
      default:
        return "syslog";
    }
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
    int pri = -1;
    int i = 0;
    if (n > 0 && s.charAt(0) == '<') {
      int close = s.indexOf('>', 1);
      if (close < 2 || close > 4) {
        return fail("bad PRI");
      }
      pri = (int) Digits.parse(s, 1, close);
      if (pri < 0 || pri > 191) {
        return fail("bad PRI '" + s.substring(1, close) + "'");
      }
      i = close + 1;
    }
    boolean rfc5424 = pri >= 0 && i + 1 < n && s.charAt(i) == '1' && s.charAt(i + 1) == ' ';
    if (rfc5424 && mode == Mode.RFC3164 || !rfc5424 && mode == Mode.RFC5424) {
      return fail(rfc5424 ? "this is RFC 5424, not RFC 3164" : "no RFC 5424 version after PRI");
    }
    ParsedFields f = new ParsedFields();
    if (pri >= 0) {
      int severity = pri & 7;
      f.level = Levels.fromSyslogSeverity(severity);
      f.attributes.put("syslog.facility", FACILITIES[Math.min(pri >> 3, FACILITIES.length - 1)]);
      f.attributes.put("syslog.severity", SEVERITIES[severity]);
    }
    String failure = rfc5424 ? parse5424(s, i + 2, n, f) : parse3164(s, i, n, pri >= 0, f);
    if (failure != null) {
      return fail(failure);
    }
    if (f.level == null) {
      f.level = Levels.detect(f.message);
    }
    return new ParseResult.Parsed(KnownFields.finish(f, record));
  }

  private String parse5424(String s, int i, int n, ParsedFields f) {
    int end = tokenEnd(s, i, n);
    if (end >= n) {
      return "truncated header";
    }
    if (!(end == i + 1 && s.charAt(i) == '-')) {
      TimestampParser.Scan time = timestamps.scanIso(s, i);
      if (time == null || time.end() != end) {
        return "bad timestamp '" + abbreviate(s.substring(i, end)) + "'";
      }
      f.eventTime = time.instant();
    }
    i = end + 1;
    String host = null;
    String appName = null;
    String procId = null;
    String msgId = null;
    for (int k = 0; k < 4; k++) { // hostname, app-name, procid, msgid
      end = tokenEnd(s, i, n);
      if (end == i || (end >= n && k < 3)) {
        return "truncated header";
      }
      String token = end == i + 1 && s.charAt(i) == '-' ? null : s.substring(i, end);
      switch (k) {
        case 0 -> host = token;
        case 1 -> appName = token;
        case 2 -> procId = token;
        default -> msgId = token;
      }
      i = Math.min(n, end + 1);
    }
    f.host = host;
    f.service = appName;
    if (appName != null) {
      f.attributes.put("syslog.appname", appName);
    }
    if (procId != null) {
      f.attributes.put("syslog.procid", procId);
    }
    if (msgId != null) {
      f.attributes.put("syslog.msgid", msgId);
    }
    if (i >= n) {
      f.message = "";
      return null;
    }
    if (s.charAt(i) == '-') {
      i++;
    } else if (s.charAt(i) == '[') {
      i = readStructuredData(s, i, n, f);
      if (i < 0) {
        return "malformed structured data";
      }
    } else {
      return "no structured data";
    }
    if (i < n && s.charAt(i) == ' ') {
      i++;
    }
    if (i < n && s.charAt(i) == '\uFEFF') {
      i++;
    }
    f.message = s.substring(Math.min(i, n), n);
    return null;
  }

  /** Reads {@code [id k="v" …][…]} into attributes; the index after it, or -1. */
  private int readStructuredData(String s, int i, int n, ParsedFields f) {
    while (i < n && s.charAt(i) == '[') {
      int idStart = i + 1;
      int idEnd = idStart;
      while (idEnd < n && s.charAt(idEnd) != ' ' && s.charAt(idEnd) != ']') {
        idEnd++;
      }
      if (idEnd >= n || idEnd == idStart) {
        return -1;
      }
      i = idEnd;
      while (i < n && s.charAt(i) == ' ') {
        i++;
        int eq = s.indexOf('=', i);
        if (eq < 0 || eq >= n || eq == i || eq + 1 >= n || s.charAt(eq + 1) != '"') {
          return -1;
        }
        int nameStart = i;
        int j = eq + 2;
        boolean escaped = false;
        for (; j < n; j++) {
          char c = s.charAt(j);
          if (c == '\\' && j + 1 < n) {
            char e = s.charAt(j + 1);
            if (e == '"' || e == '\\' || e == ']') {
              escaped = true;
              j++;
            }
          } else if (c == '"') {
            break;
          }
        }
        if (j >= n) {
          return -1;
        }
        String value = escaped ? unescape(s, eq + 2, j) : s.substring(eq + 2, j);
        f.attributes.put(sdKey(s, idStart, idEnd, nameStart, eq), value);
        i = j + 1;
      }
      if (i >= n || s.charAt(i) != ']') {
        return -1;
      }
      i++;
    }
    return i;
  }

  /** A PARAM-VALUE between {@code from} and {@code to} without its escapes ({@code \" \\ \]}). */
  private static String unescape(String s, int from, int to) {
    StringBuilder value = new StringBuilder(to - from);
    for (int j = from; j < to; j++) {
      char c = s.charAt(j);
      if (c == '\\' && j + 1 < to) {
        char e = s.charAt(j + 1);
        if (e == '"' || e == '\\' || e == ']') {
          value.append(e);
          j++;
          continue;
        }
      }
      value.append(c);
    }
    return value.toString();
  }

  /**
   * The attribute name {@code <SD-ID>.<PARAM-NAME>} of the text's ranges: the same String as for
   * the last message with this SD-ID and name when it is still in {@link #sdKeys}, so that the
   * structured data a sender repeats on every message costs no new key (and its hash is known).
   */
  private String sdKey(String s, int idStart, int idEnd, int nameStart, int nameEnd) {
    int idLength = idEnd - idStart;
    int nameLength = nameEnd - nameStart;
    int slot = (idLength * 31 + nameLength * 7 + s.charAt(nameStart)) & (sdKeys.length - 1);
    SdKey cached = sdKeys[slot];
    if (cached != null
        && cached.id.length() == idLength
        && cached.name.length() == nameLength
        && s.regionMatches(nameStart, cached.name, 0, nameLength)
        && s.regionMatches(idStart, cached.id, 0, idLength)) {
      return cached.key;
    }
    SdKey fresh = new SdKey(s.substring(idStart, idEnd), s.substring(nameStart, nameEnd));
    sdKeys[slot] = fresh; // a race between threads only costs a key made twice
    return fresh.key;
  }

  /** An SD-ID, a PARAM-NAME and their attribute name; immutable, so safe to share. */
  private static final class SdKey {
    final String id;
    final String name;
    final String key;

    SdKey(String id, String name) {
      this.id = id;
      this.name = name;
      this.key = id + "." + name;
    }
  }

  private String parse3164(String s, int i, int n, boolean hasPri, ParsedFields f) {
    TimestampParser.Scan time = timestamps.scanSyslog(s, i);
    if (time == null && hasPri) {
      time = timestamps.scanIso(s, i);
    }
    if (time == null) {
      return "no timestamp (expected e.g. 'Oct 11 22:14:15')";
    }
    f.eventTime = time.instant();
    i = time.end();
    if (i >= n || s.charAt(i) != ' ') {
      return "no hostname after the timestamp";
    }
    i++;
    int hostEnd = tokenEnd(s, i, n);
    if (hostEnd == i) {
      return "no hostname after the timestamp";
    }
    f.host = s.substring(i, hostEnd);
    i = Math.min(n, hostEnd + 1);
    int tagEnd = tagEnd(s, i, n);
    if (tagEnd > i) {
      f.service = s.substring(i, tagEnd);
      f.attributes.put("syslog.appname", f.service);
      i = afterTag(s, tagEnd, n, f);
    }
    f.message = s.substring(Math.min(i, n), n);
    return null;
  }

  /**
   * The end of a syslog TAG at {@code i} — up to 48 characters (alphanumerics, {@code . _ / - ( )},
   * and single spaces between words when a {@code [pid]} follows, as macOS writes "Google Chrome
   * Helper[42]") followed by {@code [} or {@code :} — or {@code i} when there is none.
   */
  static int tagEnd(String s, int i, int n) {
    int j = i;
    while (j < n && j - i <= 48 && isTagChar(s.charAt(j))) {
      j++;
    }
    if (j > i && j < n && (s.charAt(j) == '[' || s.charAt(j) == ':')) {
      return j;
    }
    // Words with single spaces, ending in "[pid]".
    j = i;
    while (j < n && j - i <= 48) {
      char c = s.charAt(j);
      if (isTagChar(c) || (c == ' ' && j > i && j + 1 < n && isTagChar(s.charAt(j + 1)))) {
        j++;
      } else {
        break;
      }
    }
    return j > i && j < n && s.charAt(j) == '[' ? j : i;
  }

  /** Reads {@code [pid]} and {@code :} after a TAG ending at {@code j}; the message start. */
  static int afterTag(String s, int j, int n, ParsedFields f) {
    if (j < n && s.charAt(j) == '[') {
      int close = s.indexOf(']', j);
      if (close > j && close - j <= 32) {
        f.attributes.put("syslog.procid", s.substring(j + 1, close));
        j = close + 1;
      }
    }
    // macOS: "sandboxd[129] ([31211]): message".
    if (j + 1 < n && s.charAt(j) == ' ' && s.charAt(j + 1) == '(') {
      int close = s.indexOf(')', j + 2);
      if (close > 0 && close - j <= 64 && close + 1 < n && s.charAt(close + 1) == ':') {
        f.attributes.put("syslog.context", s.substring(j + 2, close));
        j = close + 1;
      }
    }
    if (j < n && s.charAt(j) == ':') {
      j++;
    }
    if (j < n && s.charAt(j) == ' ') {
      j++;
    }
    return j;
  }

  private static boolean isTagChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-'
        || c == '/'
        || c == '('
        || c == ')';
  }

  private static int tokenEnd(String s, int from, int to) {
    int i = from;
    while (i < to && s.charAt(i) != ' ') {
      i++;
    }
    return i;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private ParseResult fail(String reason) {
    return new ParseResult.Failed("not syslog: " + reason);
  }
}
