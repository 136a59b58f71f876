package dev.sluice.ingest.parse;

/** The outcome of {@link LogParser#parse}: the parsed fields, or why the record was not parsed. */
public sealed interface ParseResult {

  /** The record was understood. */
  record Parsed(ParsedFields fields) implements ParseResult {}

  /** The record was not understood; {@code reason} says why (e.g. "unterminated quote at 17"). */
  record Failed(String reason) implements ParseResult {}
}
