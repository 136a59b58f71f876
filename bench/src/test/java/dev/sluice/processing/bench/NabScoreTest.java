package dev.sluice.processing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The anomaly score NAB's threshold sweep sees: openings that beat the series' own record above
 * 0.5, ranked; the rest below.
 */
class NabScoreTest {
  @Test
  void openingsAboveTheSeriesRecordScoreAboveHalfAndRankByExcessAndQuiet() {
    double first = NabBenchmark.score(true, 20, 8, 0, false, 1);
    double barelyARecord = NabBenchmark.score(true, 20, 8, 7.9, false, 1);
    double longQuiet = NabBenchmark.score(true, 2000, 8, 7.9, false, 1);
    double farAboveTheRecord = NabBenchmark.score(true, 2000, 80, 7.9, false, 1);
    assertThat(first).isGreaterThan(barelyARecord);
    assertThat(barelyARecord).isGreaterThan(0.5);
    assertThat(longQuiet).isGreaterThan(barelyARecord);
    assertThat(farAboveTheRecord).isGreaterThan(longQuiet).isLessThan(1);
  }

  @Test
  void anOpeningNoMoreSurprisingThanAnEarlierOneScoresBelowHalf() {
    // same surprise as the series' record after a short quiet: news only if quiet was long
    double noNews = NabBenchmark.score(true, 3, 8, 40, false, 1);
    double lessThanTheRecord = NabBenchmark.score(true, 3, 8, 400, false, 1);
    assertThat(noNews).isBetween(0.0, 0.5);
    assertThat(lessThanTheRecord).isLessThan(noNews).isPositive();
  }

  @Test
  void otherWindowsScoreTheirEvidenceBelowHalfAndLaterIncidentWindowsNothing() {
    assertThat(NabBenchmark.score(false, 5, 0, 0, false, 0.3)).isCloseTo(0.15, within());
    assertThat(NabBenchmark.score(false, 5, 0, 0, false, 2)).isLessThan(0.5);
    assertThat(NabBenchmark.score(false, 5, 0, 0, true, 2)).isZero();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
