package dev.sluice.processing.anomaly;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  /**
   * Per-request log spread of the requests {@link #withRequests} gives a window given by its p95.
   */
  static final double CRAFTED_SPREAD = 0.25;

  /**
   * {@code o} with a latency sketch of its {@code latencyCount} requests, log-normal with spread
   * {@link #CRAFTED_SPREAD} around the median that gives its p95 (the sketch the stats would
   * carry), when it has a p95 and no sketch yet.
   */
  static WindowObservation withRequests(WindowObservation o) {
    if (o.latencySketch != null || Double.isNaN(o.latencyP95) || o.latencyCount <= 0) {
      return o;
    }
    Random r = new Random(o.windowStart * 31 + Double.hashCode(o.latencyP95));
    double median = o.latencyP95 / Math.exp(1.645 * CRAFTED_SPREAD);
    double[] ms = new double[(int) o.latencyCount];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = median * Math.exp(CRAFTED_SPREAD * r.nextGaussian());
    }
    o.latencySketch = sketch(ms);
    return o;
  }

  /** The DDSketch encoding of {@code latencies}, as the window stats write it. */
  static byte[] sketch(double[] latencies) {
    DDSketch s = DDSketches.logarithmicCollapsingLowestDense(0.01, 2048);
    for (double v : latencies) {
      s.accept(v);
    }
    try {
      GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
      s.encode(out, false);
      return out.trimmedCopy();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final long DAY = 24 * 60 * MINUTE;

  /** A Poisson count of mean {@code mean} (a normal approximation above 100). */
  static long poisson(Random r, double mean) {
    double limit = Math.exp(-Math.min(mean, 500));
    if (mean > 100) {
      return Math.max(0, Math.round(mean + Math.sqrt(mean) * r.nextGaussian()));
    }
    double p = r.nextDouble();
    long k = 0;
    while (p > limit) {
      p *= r.nextDouble();
      k++;
    }
    return k;
  }

  /** A rate with a strong daily cycle: 0.4 to 1.6 times {@code mean} at time {@code t}. */
  static double daily(double mean, long t) {
    return mean * (1 + 0.6 * Math.sin(2 * Math.PI * (t % DAY) / DAY));
  }

  /**
   * A window of {@code requests} requests of a service whose latency is log-normal with spread
   * {@code spread} around {@code medianMs} × {@code factor}, 1.5 % of them with a Pareto tail (as
   * the demo services' requests are): count, latency count, p95 and sketch.
   */
  static WindowObservation requests(
      Random r,
      String service,
      long start,
      int requests,
      double medianMs,
      double spread,
      double factor) {
    double[] ms = new double[requests];
    for (int i = 0; i < requests; i++) {
      double v = medianMs * factor * Math.exp(spread * r.nextGaussian());
      if (r.nextDouble() < 0.015) {
        v *= Math.pow(1 - r.nextDouble(), -1 / 1.3);
      }
      ms[i] = v;
    }
    WindowObservation o = obs(service, null, start, requests, 0, Double.NaN);
    o.latencyCount = requests;
    if (requests > 0) {
      double[] sorted = ms.clone();
      java.util.Arrays.sort(sorted);
      o.latencyP95 = sorted[(int) Math.min(requests - 1, Math.ceil(0.95 * requests) - 1)];
      o.latencySketch = sketch(ms);
    }
    return o;
  }
}
