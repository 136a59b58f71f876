package dev.sluice.ingest.parse;

import java.util.List;
import java.util.Locale;

/**
 * The parser registry: the one place that turns a configured parser name into a {@link LogParser}.
 *
 * <table>
 *   <caption>names</caption>
 *   <tr><td>{@code auto}</td><td>{@link AutoParser}: JSON → logfmt → combined → syslog → java → unparsed</td></tr>
 *   <tr><td>{@code json}</td><td>{@link JsonLinesParser}</td></tr>
 *   <tr><td>{@code logfmt}</td><td>{@link LogfmtParser}</td></tr>
 *   <tr><td>{@code combined}, {@code common} (aliases {@code nginx}, {@code apache})</td><td>{@link AccessLogParser}</td></tr>
 *   <tr><td>{@code syslog}, {@code syslog5424} ({@code rfc5424}), {@code syslog3164} ({@code rfc3164})</td><td>{@link SyslogParser}</td></tr>
 *   <tr><td>{@code java} (aliases {@code log4j}, {@code logback})</td><td>{@link JavaLayoutParser}</td></tr>
 *   <tr><td>{@code regex}</td><td>{@link RegexParser}, needs {@link ParserOptions#regex()}</td></tr>
 *   <tr><td>{@code none} (alias {@code raw})</td><td>{@link UnparsedParser}</td></tr>
 * </table>
 *
 * Every parser returned is thread-safe and may be shared by all sources.
 */
public final class Parsers {
  /** The canonical names {@link #byName} accepts. */
  public static final List<String> NAMES =
      List.of(
          "auto",
          "json",
          "logfmt",
          "combined",
          "common",
          "syslog",
          "syslog5424",
          "syslog3164",
          "java",
          "regex",
          "none");

  private Parsers() {}

  /** The parser called {@code name}, with default options (system zone, no regex). */
  public static LogParser byName(String name) {
    return byName(name, ParserOptions.defaults());
  }

  /**
   * The parser called {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones), or for
   *     {@code regex} without a pattern or with a pattern without named groups
   */
  public static LogParser byName(String name, ParserOptions options) {
    TimestampParser timestamps = options.timestamps();
    String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    switch (key) {
      case "auto":
        return new AutoParser(timestamps);
      case "json":
      case "jsonl":
      case "ndjson":
        return new JsonLinesParser(timestamps);
      case "logfmt":
        return new LogfmtParser(timestamps);
      case "combined":
      case "nginx":
      case "apache":
        return AccessLogParser.combined(timestamps);
      case "common":
        return AccessLogParser.common(timestamps);
      case "syslog":
        return new SyslogParser(SyslogParser.Mode.ANY, timestamps);
      case "syslog5424":
      case "rfc5424":
        return new SyslogParser(SyslogParser.Mode.RFC5424, timestamps);
      case "syslog3164":
      case "rfc3164":
        return new SyslogParser(SyslogParser.Mode.RFC3164, timestamps);
      case "java":
      case "log4j":
      case "logback":
        return new JavaLayoutParser(timestamps);
      case "regex":
        if (options.regex() == null) {
          throw new IllegalArgumentException(
              "parser 'regex' needs a pattern with named groups, e.g. ^(?<time>\\S+) (?<level>\\w+) (?<message>.*)");
        }
        return new RegexParser(options.regex(), timestamps);
      case "none":
      case "raw":
        return new UnparsedParser();
      default:
        throw new IllegalArgumentException(
            "unknown parser '" + name + "': use one of " + String.join(", ", NAMES));
    }
  }
}
