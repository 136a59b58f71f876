package dev.sluice.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import org.junit.jupiter.api.Test;

class LevelsTest {
  @Test
  void readsTheUsualSpellings() {
    assertThat(Levels.fromName("warning")).isEqualTo(Level.WARN);
    assertThat(Levels.fromName("WARN")).isEqualTo(Level.WARN);
    assertThat(Levels.fromName("err")).isEqualTo(Level.ERROR);
    assertThat(Levels.fromName("SEVERE")).isEqualTo(Level.ERROR);
    assertThat(Levels.fromName("critical")).isEqualTo(Level.FATAL);
    assertThat(Levels.fromName("notice")).isEqualTo(Level.INFO);
    assertThat(Levels.fromName("30")).isEqualTo(Level.INFO); // pino
    assertThat(Levels.fromName("50")).isEqualTo(Level.ERROR);
    assertThat(Levels.fromName("3")).isEqualTo(Level.ERROR); // syslog severity
    assertThat(Levels.fromName("E")).isEqualTo(Level.ERROR);
    assertThat(Levels.fromName("banana")).isNull();
    assertThat(Levels.fromName(null)).isNull();
  }

  @Test
  void mapsHttpStatus() {
    assertThat(Levels.fromHttpStatus(503)).isEqualTo(Level.ERROR);
    assertThat(Levels.fromHttpStatus(404)).isEqualTo(Level.WARN);
    assertThat(Levels.fromHttpStatus(200)).isEqualTo(Level.INFO);
    assertThat(Levels.fromHttpStatus(302)).isEqualTo(Level.INFO);
  }

  @Test
  void detectsCapitalisedOrBracketedLevelWordsInText() {
    assertThat(Levels.detect("[2024-01-15] ERROR connection refused")).isEqualTo(Level.ERROR);
    assertThat(Levels.detect("2024/01/15 10:23:45 [warn] 123#0: *1 upstream slow"))
        .isEqualTo(Level.WARN);
    assertThat(Levels.detect("WARNING: disk almost full")).isEqualTo(Level.WARN);
    assertThat(Levels.detect("Traceback (most recent call last):\n  File x"))
        .isEqualTo(Level.ERROR);
  }

  @Test
  void ignoresLevelWordsInProseAndBeyondTheFirstLine() {
    assertThat(Levels.detect("no error found, all fine")).isNull();
    assertThat(Levels.detect("INFORMATIONAL output")).isNull();
    assertThat(Levels.detect("all good\nERROR on the second line")).isNull();
    assertThat(Levels.detect("x".repeat(600) + " ERROR")).isNull();
  }
}
