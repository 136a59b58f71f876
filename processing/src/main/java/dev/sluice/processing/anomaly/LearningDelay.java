package dev.sluice.processing.anomaly;

import java.util.Arrays;

/**
 * Holds a series' last few normal windows back from its baseline: a window is learnt only once
 * {@link #DELAY} later windows have passed without an incident opening, and forgotten when one
 * opens. So the first windows of a shift, before the evidence is enough, do not teach the baseline
 * the shift (which would hide it), and no window is left out for looking unusual (which would bias
 * the baseline, badly so for rare events such as errors). Fixed size. A Flink POJO.
 */
public final class LearningDelay {
  /** Windows a value waits before it is learnt. */
  static final int DELAY = 6;

  public double[] values = new double[0];
  public double[] weights = new double[0];
  public long[] times = new long[0];

  public LearningDelay() {}

  /** A held-back window. */
  record Held(double value, double weight, long time) {}

  /** Holds one window back; returns the window that is now old enough to learn, or null. */
  Held push(double value, double weight, long time) {
    int n = values.length;
    values = Arrays.copyOf(values, n + 1);
    weights = Arrays.copyOf(weights, n + 1);
    times = Arrays.copyOf(times, n + 1);
    values[n] = value;
    weights[n] = weight;
    times[n] = time;
    if (values.length <= DELAY) {
      return null;
    }
    Held oldest = new Held(values[0], weights[0], times[0]);
    values = Arrays.copyOfRange(values, 1, values.length);
    weights = Arrays.copyOfRange(weights, 1, weights.length);
    times = Arrays.copyOfRange(times, 1, times.length);
    return oldest;
  }

  /** Forgets the held-back windows (an incident opened: they were part of it). */
  void clear() {
    values = new double[0];
    weights = new double[0];
    times = new long[0];
  }
}
