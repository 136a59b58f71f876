package dev.sluice.ingest.ship;

import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.ParserOptions;
import dev.sluice.ingest.parse.Parsers;

/** Finds the parser a source names in its configuration (the registry is {@link Parsers}). */
final class ParserLookup {
  private ParserLookup() {}

  /**
   * The parser called {@code name}.
   *
   * @param regex the pattern for the {@code regex} parser, else null
   * @throws IllegalArgumentException naming the known parsers if there is none by that name
   */
  static LogParser byName(String name, String regex) {
    if (regex == null) {
      return Parsers.byName(name);
    }
    return Parsers.byName(name, ParserOptions.builder().regex(regex).build());
  }
}
