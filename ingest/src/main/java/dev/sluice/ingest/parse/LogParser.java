package dev.sluice.ingest.parse;

/**
 * Turns one raw record (a line, or several lines merged by multiline handling) into the fields of a
 * log event.
 *
 * <p>Contract: never throws on bad input; a record the parser does not understand yields {@link
 * ParseResult.Failed} with a reason a person can act on. Implementations are thread-safe.
 */
public interface LogParser {
  /**
   * A short name for configuration and metrics: {@code json}, {@code logfmt}, {@code combined} …
   */
  String name();

  /** Parses one record. */
  ParseResult parse(String record);

  /**
   * Parses one record whose UTF-8 bytes as read are also at hand: {@code record} is exactly {@code
   * utf8[offset, offset + length)} decoded. The result equals {@link #parse(String)}'s; a parser
   * that reads bytes faster than text (Jackson's byte reader for JSON) overrides this, the others
   * parse the text.
   */
  default ParseResult parse(String record, byte[] utf8, int offset, int length) {
    return parse(record);
  }
}
