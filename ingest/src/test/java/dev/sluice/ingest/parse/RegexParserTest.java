package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.ParserTesting.TIMESTAMPS;
import static dev.sluice.ingest.parse.ParserTesting.failure;
import static dev.sluice.ingest.parse.ParserTesting.parsed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RegexParserTest {
  @Test
  void mapsNamedGroupsToFieldsAndAttributes() {
    RegexParser parser =
        new RegexParser(
            Pattern.compile(
                "^(?<time>\\S+) (?<level>\\w+) \\[(?<thread>[^\\]]+)\\] (?<tenant>\\w+) (?<status>\\d{3}) (?<message>.*)$"),
            TIMESTAMPS);
    assertThat(parser.groupNames())
        .containsExactly("time", "level", "thread", "tenant", "status", "message");
    ParsedFields f =
        parsed(parser, "2024-01-15T10:23:45Z warning [worker-2] acme 503 upstream gone");
    assertThat(f.eventTime).isEqualTo("2024-01-15T10:23:45Z");
    assertThat(f.level).isEqualTo(Level.WARN);
    assertThat(f.thread).isEqualTo("worker-2");
    assertThat(f.attributes).containsEntry("tenant", "acme");
    assertThat(f.http.getStatus()).isEqualTo(503);
    assertThat(f.message).isEqualTo("upstream gone");
  }

  @Test
  void detectsTheLevelWhenNoGroupNamesIt() {
    RegexParser parser = new RegexParser(Pattern.compile("^\\[(?<host>[^\\]]+)\\]"), TIMESTAMPS);
    ParsedFields f = parsed(parser, "[db-1] FATAL: could not write to file");
    assertThat(f.host).isEqualTo("db-1");
    assertThat(f.level).isEqualTo(Level.FATAL);
    assertThat(f.message).isEqualTo("[db-1] FATAL: could not write to file");
  }

  @Test
  void findsGroupNamesButNotLookbehindsEscapesOrClasses() {
    assertThat(RegexParser.namedGroups("(?<=x)(?<!y)\\(?<no>[(?<nope>)](?<yes>a)\\Q(?<quoted>\\E"))
        .containsExactly("yes");
    assertThatThrownBy(() -> new RegexParser(Pattern.compile("(\\w+)"), TIMESTAMPS))
        .hasMessageContaining("no named group");
  }

  @Test
  void givesUpOnCatastrophicBacktrackingInsteadOfHanging() {
    RegexParser evil = new RegexParser(Pattern.compile("^(?<message>(.*a){12})$"), TIMESTAMPS);
    assertThat(failure(evil, "a".repeat(60) + "!")).contains("gave up");
    assertThat(failure(evil, "bbb")).contains("does not match");
  }
}
