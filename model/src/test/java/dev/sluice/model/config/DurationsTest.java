package dev.sluice.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsAWholeNumberAndAUnit() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("5 min")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse(" 3 Seconds ")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
  }

  @Test
  void bareNumberIsMillisecondsAsInFlink() {
    assertThat(Durations.parse("250")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void readsIso8601() {
    assertThat(Durations.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("pt2s")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void rejectsWhatIsNoDurationWithTheGrammarInTheMessage() {
    for (String bad : new String[] {"", "m", "7.5m", "-5s", "5 parsecs", "P", "PTX", "1e3s"}) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "'"
                  + bad
                  + "' is not a duration: write a whole number and a unit, e.g. 500ms, 90s, 5m,"
                  + " 2h, 7d (or ISO-8601 such as PT1H30M)");
    }
    assertThatThrownBy(() -> Durations.parse("99999999999999999999d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesTheSettingInTheError() {
    assertThatThrownBy(() -> Durations.parse("soon", "--warm-up"))
        .hasMessageStartingWith("--warm-up: 'soon' is not a duration");
  }
}
