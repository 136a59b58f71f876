package dev.sluice.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParsersTest {
  @Test
  void buildsEveryNamedParser() {
    ParserOptions options =
        ParserOptions.builder().regex("(?<message>.*)").defaultZone("UTC").build();
    for (String name : Parsers.NAMES) {
      assertThat(Parsers.byName(name, options).name()).isEqualTo(name);
    }
    assertThat(Parsers.byName(" Nginx ").name()).isEqualTo("combined");
    assertThat(Parsers.byName("rfc5424").name()).isEqualTo("syslog5424");
  }

  @Test
  void explainsWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> Parsers.byName("xml"))
        .hasMessageContaining("unknown parser 'xml'")
        .hasMessageContaining("logfmt");
    assertThatThrownBy(() -> Parsers.byName("regex")).hasMessageContaining("needs a pattern");
    assertThatThrownBy(() -> ParserOptions.builder().regex("(?<a>"))
        .hasMessageContaining("does not compile");
    assertThatThrownBy(() -> ParserOptions.builder().defaultZone("Mars/Olympus"))
        .hasMessageContaining("unknown time zone");
  }
}
