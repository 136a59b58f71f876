package dev.sluice.processing.anomaly;

import static dev.sluice.processing.anomaly.Series.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The volume detector with the shipped defaults on traffic that is not independent Poisson noise
 * around a fixed level: a sustained new level is accepted after {@link
 * SeriesJudge#ADAPT_AFTER_WINDOWS} windows, bursty traffic and a level that wanders for hours open
 * little (dispersion with the bursts' tail, autocorrelated windows counted as fewer), and a
 * restarted baseline that knows the daily cycle starts on the right level.
 */
class VolumeDetectorTest {
  private static final AnomalyConfig DEFAULTS = AnomalyConfig.defaults();
  private static final long DAY = Duration.ofDays(1).toMillis();

  /** What a run decided: the opens and the window index of each RESOLVED. */
  record Run(List<AnomalyKind> opens, List<Integer> resolvedAt) {}

  private static Run run(int windows, long seed, BiFunction<Random, Integer, Long> count) {
    SeriesState s = new SeriesState();
    Random r = new Random(seed);
    List<AnomalyKind> opens = new ArrayList<>();
    List<Integer> resolved = new ArrayList<>();
    for (int i = 0; i < windows; i++) {
      WindowObservation o = Series.obs("svc", null, i * MINUTE, count.apply(r, i), 0, Double.NaN);
      for (SeriesJudge.Outcome out : SeriesJudge.judge(s, null, o, DEFAULTS)) {
        SeriesJudge.Decision d = out.decision();
        if (d.status() == AnomalyStatus.OPEN) {
          opens.add(d.kind());
        }
        if (d.status() == AnomalyStatus.RESOLVED) {
          resolved.add(i);
          SeriesJudge.close(d);
        }
      }
    }
    return new Run(opens, resolved);
  }

  private static long poisson(Random r, double mean) {
    double limit = Math.exp(-mean);
    double p = r.nextDouble();
    long k = 0;
    while (p > limit) {
      p *= r.nextDouble();
      k++;
    }
    return k;
  }

  @Test
  void acceptsASustainedNewLevelAsNormal() {
    for (long seed = 1; seed <= 3; seed++) {
      Run run = run(900, seed, (r, i) -> poisson(r, i < 300 ? 50 : 100));
      assertThat(run.opens()).as("seed %d", seed).containsExactly(AnomalyKind.VOLUME_SPIKE);
      assertThat(run.resolvedAt())
          .as("seed %d: resolved once the new level held", seed)
          .hasSize(1)
          .allSatisfy(at -> assertThat(at).isBetween(300 + 20, 300 + 90));
    }
  }

  @Test
  void burstyTrafficOpensLittle() {
    // 8 % of windows burst to three times the usual 20 events: normal for this series
    int opens = 0;
    for (long seed = 1; seed <= 5; seed++) {
      opens +=
          run(3000, seed, (r, i) -> poisson(r, r.nextDouble() < 0.08 ? 60 : 20)).opens().size();
    }
    // the detector of independent quasi-Poisson windows opened 80 times here (15 now)
    assertThat(opens).as("opens over 5 × 50 hours").isLessThanOrEqualTo(30);
  }

  @Test
  void aLevelThatWandersForHoursOpensLittle() {
    int opens = 0;
    for (long seed = 1; seed <= 5; seed++) {
      double[] level = {0};
      opens +=
          run(
                  3000,
                  seed,
                  (r, i) -> {
                    level[0] = 0.95 * level[0] + 0.08 * r.nextGaussian();
                    return poisson(r, 50 * Math.exp(level[0]));
                  })
              .opens()
              .size();
    }
    // independent windows: 190 opens here (65 now)
    assertThat(opens).as("opens over 5 × 50 hours").isLessThanOrEqualTo(110);
  }

  @Test
  void stillFindsADropToNothingOnALowVolumeSeriesWithinFiveWindows() {
    for (long seed = 1; seed <= 3; seed++) {
      SeriesState s = new SeriesState();
      Random r = new Random(seed);
      int decided = -1;
      for (int i = 0; i < 200 && decided < 0; i++) {
        long n = i < 180 ? poisson(r, 6) : 0;
        WindowObservation o = Series.obs("svc", null, i * MINUTE, n, 0, Double.NaN);
        for (SeriesJudge.Outcome out : SeriesJudge.judge(s, null, o, DEFAULTS)) {
          if (out.decision().status() == AnomalyStatus.OPEN) {
            assertThat(out.decision().kind()).isEqualTo(AnomalyKind.VOLUME_DROP);
            decided = i;
          }
        }
      }
      assertThat(decided).as("seed %d", seed).isBetween(180, 184);
    }
  }

  @Test
  void aRestartedBaselineKnowsTheDailyCycleFromItsFirstLevel() {
    RobustBaseline b = new RobustBaseline();
    long hour = DAY / 24;
    for (long t = 0; t < 2 * DAY; t += MINUTE) {
      b.update(daily(t), t, 0.1, hour, 15, RobustBaseline.Season.MULTIPLICATIVE);
    }
    RobustBaseline restarted = b.restart();
    long night = 2 * DAY + 18 * hour; // the trough of the cycle
    for (int k = 0; k < 16; k++) {
      long t = night + k * MINUTE;
      restarted.learn(daily(t), t, 0.1, hour, 15, RobustBaseline.Season.MULTIPLICATIVE, 0);
    }
    long noon = 3 * DAY + 6 * hour; // the crest
    assertThat(restarted.expected(noon, hour, RobustBaseline.Season.MULTIPLICATIVE))
        .isCloseTo(daily(noon), org.assertj.core.data.Percentage.withPercentage(10));
  }

  private static double daily(long t) {
    return 100 * (1 + 0.6 * Math.sin(2 * Math.PI * (t % DAY) / DAY));
  }
}
