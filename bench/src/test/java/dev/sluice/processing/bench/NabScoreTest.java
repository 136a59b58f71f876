package dev.sluice.processing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The anomaly score NAB's threshold sweep sees: openings above 0.5, ranked; the rest below. */
class NabScoreTest {
  @Test
  void openingsScoreAboveHalfAndRankByQuietAndSurprise() {
    double oftenAlarming = NabBenchmark.score(true, 20, 8, false, 1);
    double longQuiet = NabBenchmark.score(true, 2000, 8, false, 1);
    double moreSurprising = NabBenchmark.score(true, 2000, 80, false, 1);
    assertThat(oftenAlarming).isGreaterThan(0.5);
    assertThat(longQuiet).isGreaterThan(oftenAlarming);
    assertThat(moreSurprising).isGreaterThan(longQuiet).isLessThan(1);
  }

  @Test
  void otherWindowsScoreTheirEvidenceBelowHalfAndLaterIncidentWindowsNothing() {
    assertThat(NabBenchmark.score(false, 5, 0, false, 0.3)).isCloseTo(0.15, within());
    assertThat(NabBenchmark.score(false, 5, 0, false, 2)).isLessThan(0.5);
    assertThat(NabBenchmark.score(false, 5, 0, true, 2)).isZero();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
