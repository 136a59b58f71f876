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
}
