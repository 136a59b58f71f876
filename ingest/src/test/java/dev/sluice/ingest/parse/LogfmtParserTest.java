package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.ParserTesting.TIMESTAMPS;
import static dev.sluice.ingest.parse.ParserTesting.failure;
import static dev.sluice.ingest.parse.ParserTesting.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import org.junit.jupiter.api.Test;

class LogfmtParserTest {
  private final LogfmtParser parser = new LogfmtParser(TIMESTAMPS);

  @Test
  void readsGoSlogOutput() {
    ParsedFields f =
        parsed(
            parser,
            "time=2024-01-15T10:23:45.123Z level=WARN msg=\"cache miss for \\\"user:42\\\"\" service=search duration_ms=12.5 hit=false");
    assertThat(f.eventTime).isEqualTo("2024-01-15T10:23:45.123Z");
    assertThat(f.level).isEqualTo(Level.WARN);
    assertThat(f.message).isEqualTo("cache miss for \"user:42\"");
    assertThat(f.service).isEqualTo("search");
    assertThat(f.http.getDurationMs()).isEqualTo(12.5);
    assertThat(f.attributes).containsEntry("hit", "false");
  }

  @Test
  void readsHerokuRouterLinesWithBareKeysAndEmptyValues() {
    ParsedFields f =
        parsed(
            parser,
            "at=info method=GET path=\"/\" host=app.example.com fwd= status=200 bytes=1548 debug");
    assertThat(f.http.getMethod()).isEqualTo("GET");
    assertThat(f.http.getStatus()).isEqualTo(200);
    assertThat(f.host).isEqualTo("app.example.com");
    assertThat(f.attributes)
        .containsEntry("fwd", "")
        .containsEntry("debug", "true")
        .containsEntry("at", "info");
    assertThat(f.level).isEqualTo(Level.INFO); // from the status
  }

  @Test
  void appendsFurtherLinesToTheMessage() {
    ParsedFields f =
        parsed(
            parser,
            "level=error msg=boom\njava.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)");
    assertThat(f.message)
        .isEqualTo("boom\njava.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)");
  }

  @Test
  void sniffsLogfmtCheaply() {
    assertThat(LogfmtParser.looksLikeLogfmt("level=info msg=\"a b c\" x=1")).isTrue();
    assertThat(LogfmtParser.looksLikeLogfmt("key=value only one")).isFalse();
    assertThat(LogfmtParser.looksLikeLogfmt("2024-01-15 INFO a=b c=d")).isFalse();
    assertThat(LogfmtParser.looksLikeLogfmt("{\"a\":\"b=c d=e\"}")).isFalse();
  }

  @Test
  void failsOnUnterminatedQuotesAndNonLogfmt() {
    assertThat(failure(parser, "level=info msg=\"never closed")).contains("unterminated quote");
    assertThat(failure(parser, "just some words")).contains("no key=value");
    assertThat(failure(parser, "{\"json\":true}")).contains("not logfmt");
    assertThat(failure(parser, "a=\"b\"c")).contains("after closing quote");
  }
}
