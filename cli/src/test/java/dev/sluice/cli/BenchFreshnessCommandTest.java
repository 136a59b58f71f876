package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Wrong options of {@code sluice bench freshness} fail before anything starts, naming the flag. */
class BenchFreshnessCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void rejectsADurationThatIsNotOneNamingTheFlag() {
    assertThat(run("bench", "freshness", "--roll-interval", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("--roll-interval: 'soon' is not a duration");
    assertThat(out.toString()).doesNotContain("Starting the embedded");
  }

  @Test
  void rejectsAZeroProbeInterval() {
    assertThat(run("bench", "freshness", "--probe-interval", "0s")).isEqualTo(2);
    assertThat(err.toString()).contains("--probe-interval must be positive");
  }

  @Test
  void rejectsANegativeRate() {
    assertThat(run("bench", "freshness", "--rate", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--rate must be at least 0");
  }
}
