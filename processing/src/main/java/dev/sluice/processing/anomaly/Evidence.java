package dev.sluice.processing.anomaly;

/**
 * One one-sided CUSUM (Page's cumulative sum) of log-likelihood ratios, window by window: {@code
 * sum = max(0, sum + min(llr, cap))}. It crosses its threshold on a sustained shift after a few
 * windows however small the shift is per window, while the cap (a share of the threshold) keeps a
 * single window — a one-window blip — from crossing it alone. Remembers where the current run of
 * evidence began (the estimated change point), over how many windows it built up, and what was
 * observed and expected over them, for the explanation. A Flink POJO.
 */
public final class Evidence {
  /** The cumulative log-likelihood ratio, in nats; 0 when there is no evidence. */
  public double sum;

  /** Windows since the run began, 0 when {@link #sum} is 0. */
  public int windows;

  /** Start of the first window of the current run, -1 when none. */
  public long start = -1;

  /** The last window's own log-likelihood ratio. */
  public double last;

  /** Sum of the observed and expected values over the run (their meaning is the detector's). */
  public double observed;

  public double expected;

  public Evidence() {}

  /**
   * Adds one window's log-likelihood ratio {@code llr}, at most {@code cap}, keeping the sum at
   * most {@code max}.
   */
  public void add(
      double llr,
      double cap,
      long windowStart,
      double observedValue,
      double expectedValue,
      double max) {
    last = llr;
    double next = sum + Math.min(llr, cap);
    if (next <= 0 || !Double.isFinite(next)) {
      reset();
      return;
    }
    if (sum == 0) {
      start = windowStart;
      windows = 0;
      observed = 0;
      expected = 0;
    }
    sum = Math.min(next, max);
    windows++;
    observed += observedValue;
    expected += expectedValue;
  }

  /** Forgets all evidence. */
  public void reset() {
    sum = 0;
    windows = 0;
    start = -1;
    observed = 0;
    expected = 0;
  }
}
