package dev.sluice.ingest.parse;

import dev.sluice.model.Level;

/**
 * Takes every record as it is (parser name {@code none}): the whole record is the message and the
 * level is detected in its text ({@link Levels#detect}), UNKNOWN if none is found. Never fails.
 * Thread-safe.
 */
public final class UnparsedParser implements LogParser {
  @Override
  public String name() {
    return "none";
  }

  @Override
  public ParseResult parse(String record) {
    return new ParseResult.Parsed(fields(record == null ? "" : record));
  }

  /** {@link ParsedFields#unparsed} with the level detected in the text. */
  static ParsedFields fields(String record) {
    ParsedFields fields = ParsedFields.unparsed(record);
    Level level = Levels.detect(record);
    if (level != null) {
      fields.level = level;
    }
    return fields;
  }
}
