package dev.sluice.processing.anomaly;

import java.util.Random;

/**
 * Crafted window series for the detector tests: Poisson-like counts with multiplicative noise
 * around a daily cycle (swinging between 0.45 and 1.55 times the mean, as the demo traffic does).
 */
final class Series {
  static final long MINUTE = 60_000;

  private final Random random;
  private final double mean;
  private final long dayMillis;

  Series(long seed, double mean, long dayMillis) {
    this.random = new Random(seed);
    this.mean = mean;
    this.dayMillis = dayMillis;
  }

  double level(long t) {
    return mean * (1 + 0.55 * Math.sin(2 * Math.PI * (t % dayMillis) / dayMillis));
  }

  long count(long t, double factor) {
    double m = level(t) * factor * Math.exp(0.08 * random.nextGaussian());
    return Math.max(0, Math.round(m + Math.sqrt(m) * random.nextGaussian()));
  }

  double p95(double factor) {
    return 120 * factor * Math.exp(0.1 * random.nextGaussian());
  }

  long errors(long count, double share) {
    long k = 0;
    for (long i = 0; i < count; i++) {
      if (random.nextDouble() < share) {
        k++;
      }
    }
    return k;
  }

  static WindowObservation obs(
      String service, String host, long start, long count, long errors, double p95) {
    WindowObservation o = new WindowObservation();
    o.service = service;
    o.host = host;
    o.windowStart = start;
    o.windowEnd = start + MINUTE;
    o.count = count;
    o.errorCount = errors;
    o.latencyCount = Double.isNaN(p95) ? 0 : count / 2;
    o.latencyP95 = p95;
    return o;
  }
}
