package dev.sluice.processing.anomaly;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import dev.sluice.processing.stats.WindowAccumulator;
import java.util.Arrays;

/**
 * The requests of one window as log latencies, read from the window's DDSketch (each bin's value to
 * the sketch's relative accuracy, with its count): what the latency test needs to judge a window of
 * any size by the mean of its requests' log latencies, winsorised around a centre so that a heavy
 * tail (one very slow request) moves it by a bounded amount. Latencies of 0 count as 1 µs. Not
 * state: built from a window's sketch when it is judged.
 */
final class LatencySample {
  /** The log (of ms) of the lowest latency counted. */
  static final double MIN_LOG = Math.log(1e-3);

  private final double[] logs;
  private final double[] counts;
  private final double n;

  private LatencySample(double[] logs, double[] counts, double n) {
    this.logs = logs;
    this.counts = counts;
    this.n = n;
  }

  /** The sample of a sketch written by the window stats, or null when it holds no request. */
  static LatencySample of(byte[] sketch) {
    if (sketch == null || sketch.length == 0) {
      return null;
    }
    DDSketch d = WindowAccumulator.readLatencySketch(sketch);
    if (d.isEmpty()) {
      return null;
    }
    IndexMapping mapping = d.getIndexMapping();
    double[][] bins = {new double[16], new double[16]};
    int[] size = {0};
    double[] positive = {0};
    d.getPositiveValueStore()
        .forEach(
            (index, count) -> {
              if (size[0] == bins[0].length) {
                bins[0] = Arrays.copyOf(bins[0], 2 * size[0]);
                bins[1] = Arrays.copyOf(bins[1], 2 * size[0]);
              }
              bins[0][size[0]] = Math.max(MIN_LOG, Math.log(mapping.value(index)));
              bins[1][size[0]] = count;
              size[0]++;
              positive[0] += count;
            });
    double rest = d.getCount() - positive[0]; // zeros (and negatives, which a latency is not)
    int k = size[0];
    double[] logs = Arrays.copyOf(bins[0], k + (rest > 0 ? 1 : 0));
    double[] counts = Arrays.copyOf(bins[1], logs.length);
    if (rest > 0) {
      logs[k] = MIN_LOG;
      counts[k] = rest;
    }
    return new LatencySample(logs, counts, d.getCount());
  }

  /** Requests in the window. */
  double count() {
    return n;
  }

  /** The median log latency. */
  double median() {
    return quantile(0.5);
  }

  /** The {@code q}-quantile of the log latencies (the lowest bin holding that rank). */
  double quantile(double q) {
    Integer[] order = new Integer[logs.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(logs[a], logs[b]));
    double seen = 0;
    for (int i : order) {
      seen += counts[i];
      if (seen >= q * n) {
        return logs[i];
      }
    }
    return logs[order[order.length - 1]];
  }

  /** The requests at most {@code below} under {@code centre} in log latency: those judged. */
  double kept(double centre, double below) {
    double k = 0;
    for (int i = 0; i < logs.length; i++) {
      if (logs[i] - centre >= -below) {
        k += counts[i];
      }
    }
    return k;
  }

  /**
   * The mean over the {@link #kept} requests of their log latencies less {@code centre}, each
   * clipped at {@code above}; 0 when none is kept.
   */
  double clippedMean(double centre, double below, double above) {
    double s = 0;
    double k = 0;
    for (int i = 0; i < logs.length; i++) {
      double d = logs[i] - centre;
      if (d >= -below) {
        s += counts[i] * Math.min(above, d);
        k += counts[i];
      }
    }
    return k > 0 ? s / k : 0;
  }

  /**
   * The sum of squared deviations of the kept requests' clipped log latencies (as {@link
   * #clippedMean}) from their own mean: {@link #kept} − 1 degrees of freedom of the per-request
   * spread.
   */
  double clippedSquares(double centre, double below, double above) {
    double mean = clippedMean(centre, below, above);
    double s = 0;
    for (int i = 0; i < logs.length; i++) {
      double d = logs[i] - centre;
      if (d >= -below) {
        double e = Math.min(above, d) - mean;
        s += counts[i] * e * e;
      }
    }
    return s;
  }
}
