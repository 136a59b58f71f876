package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.ParserTesting.OPTIONS;
import static dev.sluice.ingest.parse.ParserTesting.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import org.junit.jupiter.api.Test;

class AutoParserTest {
  private final LogParser auto = Parsers.byName("auto", OPTIONS);

  @Test
  void recognisesEachFormat() {
    assertThat(parsed(auto, "{\"level\":\"warn\",\"msg\":\"json\"}").message).isEqualTo("json");
    assertThat(parsed(auto, "level=warn msg=logfmt x=1").message).isEqualTo("logfmt");
    assertThat(
            parsed(
                    auto,
                    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET /x HTTP/1.1\" 200 3 \"-\" \"c\"")
                .http
                .getPath())
        .isEqualTo("/x");
    assertThat(parsed(auto, "<13>1 2003-10-11T22:14:15Z h app - - - syslog").service)
        .isEqualTo("app");
    assertThat(parsed(auto, "Oct 11 22:14:15 host sshd[1]: Accepted").service).isEqualTo("sshd");
    assertThat(parsed(auto, "2024-01-15 10:23:45.123 [main] INFO a.B - java").logger)
        .isEqualTo("a.B");
  }

  @Test
  void takesWhatNoParserUnderstandsAsUnparsedWithADetectedLevel() {
    ParsedFields plain = parsed(auto, "something happened");
    assertThat(plain.level).isEqualTo(Level.UNKNOWN);
    assertThat(plain.message).isEqualTo("something happened");
    assertThat(parsed(auto, "2024/01/15 10:23:45 [error] 77#0: *3 connect() failed").level)
        .isEqualTo(Level.ERROR);
    ParsedFields brokenJson = parsed(auto, "{\"msg\":\"cut");
    assertThat(brokenJson.message).isEqualTo("{\"msg\":\"cut");
    assertThat(brokenJson.level).isEqualTo(Level.UNKNOWN);
    assertThat(parsed(auto, "").message).isEmpty();
  }
}
