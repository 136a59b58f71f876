package dev.sluice.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared helpers for the parser tests: fixed clock, UTC default zone. */
final class ParserTesting {
  static final Clock NOW = Clock.fixed(Instant.parse("2024-03-10T12:00:00Z"), ZoneOffset.UTC);
  static final ParserOptions OPTIONS =
      ParserOptions.builder().defaultZone(ZoneOffset.UTC).clock(NOW).build();
  static final TimestampParser TIMESTAMPS = OPTIONS.timestamps();

  private ParserTesting() {}

  static ParsedFields parsed(LogParser parser, String record) {
    ParseResult result = parser.parse(record);
    assertThat(result).as("%s on %s", parser.name(), record).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).fields();
  }

  static String failure(LogParser parser, String record) {
    ParseResult result = parser.parse(record);
    assertThat(result).as("%s on %s", parser.name(), record).isInstanceOf(ParseResult.Failed.class);
    return ((ParseResult.Failed) result).reason();
  }
}
