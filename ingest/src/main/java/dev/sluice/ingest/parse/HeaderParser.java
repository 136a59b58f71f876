package dev.sluice.ingest.parse;

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
 *
 * <p>This class dispatches: the cluster headers ({@link ClusterHeader}: BGL, Thunderbird) are tried
 * first, then LANL HPC ({@link HpcHeader}), then the general header ({@link GenericHeader}), all
 * reading timestamps through {@link HeaderTimestamps}; a level not in the header is looked for in
 * the message ({@link Levels#detect}).
 */
public final class HeaderParser implements LogParser {
  private final ClusterHeader cluster;
  private final GenericHeader generic;

  public HeaderParser(TimestampParser timestamps) {
    HeaderTimestamps stamps = new HeaderTimestamps(timestamps);
    this.cluster = new ClusterHeader(stamps);
    this.generic = new GenericHeader(stamps);
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
    ParsedFields f = cluster.parse(s);
    if (f == null) {
      f = HpcHeader.parse(s);
    }
    if (f == null) {
      f = generic.parse(s);
    }
    if (f == null) {
      return new ParseResult.Failed("no recognised line header (no leading timestamp)");
    }
    if (f.level == null) {
      f.level = Levels.detect(f.message);
    }
    return new ParseResult.Parsed(KnownFields.finish(f, record));
  }
}
