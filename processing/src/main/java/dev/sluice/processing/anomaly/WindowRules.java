package dev.sluice.processing.anomaly;

import dev.sluice.model.AnomalyKind;
import dev.sluice.model.Severity;
import java.util.Locale;
import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * The three window tests, each a pure function of a baseline, an observation and the config:
 *
 * <ul>
 *   <li>{@link #volume}: robust z-score of the event count against the baseline (spread at least
 *       the Poisson √expected), and a ratio to expected, both beyond their thresholds;
 *   <li>{@link #errorRate}: a one-sided exact binomial test of the window's errors against the
 *       baseline share (Apache Commons Math), so 10 of 20 weighs less than 10 of 10 000, plus a
 *       smallest rise worth reporting;
 *   <li>{@link #latency}: robust z-score of log p95 (latency varies multiplicatively) and a ratio.
 * </ul>
 *
 * A reading {@link Reading#opens} when both the significance and the effect size pass the opening
 * thresholds and is {@link Reading#abnormal} while they pass the (lower) closing ones: hysteresis.
 */
final class WindowRules {
  private WindowRules() {}

  static long hourMillis(AnomalyConfig c) {
    return c.dayLength.toMillis() / 24;
  }

  static double volumeValue(WindowObservation o) {
    return o.count;
  }

  static Reading volume(RobustBaseline b, WindowObservation o, AnomalyConfig c) {
    Reading r = Reading.normal();
    double expected = b.expected(o.windowStart, hourMillis(c));
    double x = o.count;
    double scale = b.scale(Math.max(Math.sqrt(Math.max(expected, 1)), 0.02 * expected));
    double z = (x - expected) / scale;
    r.observed = x;
    r.expected = expected;
    r.lower = Math.max(0, expected - c.zOpen * scale);
    r.upper = expected + c.zOpen * scale;
    r.score = Math.abs(z);
    if (!b.warm(c.warmupWindows) || expected < c.minVolume) {
      return r;
    }
    double ratio = x / expected;
    if (z > 0) {
      r.kind = AnomalyKind.VOLUME_SPIKE;
      r.opens = z >= c.zOpen && ratio >= c.spikeRatio;
      r.abnormal = z >= c.zClose && ratio >= 1 + (c.spikeRatio - 1) / 2;
      r.severity = ratio >= 2 * c.spikeRatio ? Severity.CRITICAL : Severity.WARNING;
    } else {
      r.kind = AnomalyKind.VOLUME_DROP;
      r.opens = z <= -c.zOpen && ratio <= c.dropRatio;
      r.abnormal = z <= -c.zClose && ratio <= (1 + c.dropRatio) / 2;
      r.severity = ratio <= c.dropRatio / 2 ? Severity.CRITICAL : Severity.WARNING;
    }
    r.description =
        String.format(
            Locale.ROOT,
            "%d events in the window where about %.0f (%.0f to %.0f) were expected: %.1f times"
                + " the usual volume",
            o.count,
            expected,
            r.lower,
            r.upper,
            ratio);
    return r;
  }

  static double errorValue(WindowObservation o) {
    return o.count == 0 ? 0 : (double) o.errorCount / o.count;
  }

  static Reading errorRate(RobustBaseline b, WindowObservation o, AnomalyConfig c) {
    Reading r = Reading.normal();
    r.kind = AnomalyKind.ERROR_RATE_RISE;
    double p0 = Math.min(0.99, Math.max(b.level, 0.001));
    double share = errorValue(o);
    r.observed = share;
    r.expected = b.level;
    r.lower = 0;
    r.upper = Math.min(1, p0 + c.errorMinRise);
    if (!b.warm(c.warmupWindows) || o.count < c.minVolume || o.count > Integer.MAX_VALUE) {
      return r;
    }
    int n = (int) o.count;
    BinomialDistribution null0 = new BinomialDistribution(null, n, p0);
    int k = (int) o.errorCount;
    double pValue = k == 0 ? 1 : 1 - null0.cumulativeProbability(k - 1);
    r.upper = Math.max(r.upper, (double) null0.inverseCumulativeProbability(1 - c.errorPValue) / n);
    r.score = -Math.log10(Math.max(pValue, 1e-300));
    r.opens = pValue < c.errorPValue && share >= p0 + c.errorMinRise;
    r.abnormal = share >= p0 + c.errorMinRise / 2 && pValue < Math.sqrt(c.errorPValue);
    r.severity = share >= p0 + 4 * c.errorMinRise ? Severity.CRITICAL : Severity.WARNING;
    r.description =
        String.format(
            Locale.ROOT,
            "%d of %d events were errors (%.1f%%) where %.1f%% is usual (up to %.1f%%);"
                + " binomial p-value %.1e",
            o.errorCount,
            o.count,
            100 * share,
            100 * b.level,
            100 * r.upper,
            pValue);
    return r;
  }

  static double latencyValue(WindowObservation o) {
    return Math.log(Math.max(o.latencyP95, 1e-3));
  }

  static boolean hasLatency(WindowObservation o, AnomalyConfig c) {
    return !Double.isNaN(o.latencyP95) && o.latencyCount >= c.minLatencySamples;
  }

  static Reading latency(RobustBaseline b, WindowObservation o, AnomalyConfig c) {
    Reading r = Reading.normal();
    r.kind = AnomalyKind.LATENCY_RISE;
    double level = b.level;
    double scale = b.scale(0.1);
    double expected = Math.exp(level);
    r.observed = o.latencyP95;
    r.expected = expected;
    r.lower = Math.exp(level - c.zOpen * scale);
    r.upper = Math.exp(level + c.zOpen * scale);
    if (!b.warm(c.warmupWindows) || !hasLatency(o, c)) {
      return r;
    }
    double z = (latencyValue(o) - level) / scale;
    double ratio = o.latencyP95 / expected;
    r.score = Math.abs(z);
    r.opens = z >= c.zOpen && ratio >= c.latencyRatio;
    r.abnormal = z >= c.zClose && ratio >= 1 + (c.latencyRatio - 1) / 2;
    r.severity = ratio >= 2 * c.latencyRatio ? Severity.CRITICAL : Severity.WARNING;
    r.description =
        String.format(
            Locale.ROOT,
            "p95 latency %.0f ms over %d requests where about %.0f ms (up to %.0f ms) is usual:"
                + " %.1f times slower",
            o.latencyP95,
            o.latencyCount,
            expected,
            r.upper,
            ratio);
    return r;
  }
}
