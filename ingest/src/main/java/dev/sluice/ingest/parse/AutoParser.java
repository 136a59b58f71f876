package dev.sluice.ingest.parse;

import java.util.concurrent.atomic.LongAdder;

/**
 * Recognises the format of each record by itself, trying in order: JSON (a record opening with
 * {@code {}), logfmt (only if it {@linkplain LogfmtParser#looksLikeLogfmt looks like it}), the
 * combined/common access log, syslog, the Java/Python text layout, then the line headers {@link
 * HeaderParser} recognises (Apache error log, Android logcat, Windows CBS, compact and year-less
 * dates, epoch prefixes, HPC/BGL/Thunderbird fields, pipe-separated fields); a record none of them
 * understands is {@link ParseResult.Parsed} as {@link ParsedFields#unparsed} with a level detected
 * in its text ({@link Levels#detect}) — {@code auto} never fails — and is counted in {@link
 * #unrecognised()}, so a user can tell that a {@code --parser} or a regex should take over. Every
 * candidate rejects a foreign record within its first tokens, so the cost is close to the matching
 * parser's. Thread-safe.
 */
public final class AutoParser implements LogParser {
  private final JsonLinesParser json;
  private final LogfmtParser logfmt;
  private final AccessLogParser access;
  private final SyslogParser syslog;
  private final JavaLayoutParser java;
  private final HeaderParser header;
  private final LongAdder unrecognised = new LongAdder();

  public AutoParser(TimestampParser timestamps) {
    this.json = new JsonLinesParser(timestamps);
    this.logfmt = new LogfmtParser(timestamps);
    this.access = AccessLogParser.combined(timestamps);
    this.syslog = new SyslogParser(SyslogParser.Mode.ANY, timestamps);
    this.java = new JavaLayoutParser(timestamps);
    this.header = new HeaderParser(timestamps);
  }

  /** How many records had no header this parser recognises (their whole text is the message). */
  public long unrecognised() {
    return unrecognised.sum();
  }

  @Override
  public String name() {
    return "auto";
  }

  @Override
  public ParseResult parse(String record) {
    if (record == null) {
      return new ParseResult.Parsed(UnparsedParser.fields(""));
    }
    int first = 0;
    while (first < record.length() && Character.isWhitespace(record.charAt(first))) {
      first++;
    }
    char c = first < record.length() ? record.charAt(first) : ' ';
    ParseResult result;
    if (c == '{' && (result = json.parse(record)) instanceof ParseResult.Parsed) {
      return result;
    }
    if (LogfmtParser.looksLikeLogfmt(record)
        && (result = logfmt.parse(record)) instanceof ParseResult.Parsed) {
      return result;
    }
    if ((result = access.parse(record)) instanceof ParseResult.Parsed) {
      return result;
    }
    if (c == '<' || (c >= 'A' && c <= 'S')) {
      if ((result = syslog.parse(record)) instanceof ParseResult.Parsed) {
        return result;
      }
    }
    if (c >= '0' && c <= '9' && (result = java.parse(record)) instanceof ParseResult.Parsed) {
      return result;
    }
    if ((result = header.parse(record)) instanceof ParseResult.Parsed) {
      return result;
    }
    unrecognised.increment();
    return new ParseResult.Parsed(UnparsedParser.fields(record));
  }
}
