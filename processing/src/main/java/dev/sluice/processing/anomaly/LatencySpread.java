package dev.sluice.processing.anomaly;

/**
 * The noise of a series' window mean log latency, learnt from the series itself: the per-request
 * spread s (the pooled standard deviation of winsorised log latencies within windows, with
 * exponential forgetting) and the spread τ of windows' true levels around the baseline beyond their
 * sampling noise (a moving mean of d² − s²/n for learnt windows' deviations d, never below {@link
 * #MIN_BETWEEN}). A window of n requests then has variance s²/n + τ²: a window of two requests is
 * judged as the weak evidence it is, a wide-spread service's windows as noisier than a narrow
 * one's, and a series whose level wanders by more than sampling noise is judged by its wander.
 * Fixed size. A Flink POJO.
 */
public final class LatencySpread {
  /** The per-request spread of log latency assumed before any is learnt. */
  static final double PRIOR_SPREAD = 0.5;

  /** Degrees of freedom the prior counts as. */
  static final double PRIOR_FREEDOM = 4;

  /** The window-level spread assumed before any is learnt. */
  static final double PRIOR_BETWEEN = 0.1;

  /**
   * The least window-level spread (log units) ever assumed: the sketch's relative accuracy and a
   * level that never holds exactly still.
   */
  static final double MIN_BETWEEN = 0.03;

  /** Per-window forgetting of the within-window sums (a memory of about 200 windows). */
  static final double FORGET = 0.005;

  /** Requests a window needs for its quantiles to teach {@link #clipSpread}. */
  static final double QUANTILE_REQUESTS = 10;

  /**
   * Moving mean of windows' upper spread of log latency, (log p95 − log p84) / 0.651 (σ for a
   * log-normal): the width the test winsorises at and leaves far faster requests out by, read from
   * the slowest sixth of the requests, which far faster ones (health checks, cached answers, a fast
   * endpoint beside a slow one) and their changing share do not widen.
   */
  public double upper = PRIOR_SPREAD;

  /** How far a window moves {@link #centre} toward itself (for 10 or more requests). */
  static final double CENTRE_RATE = 0.5;

  /**
   * The log latency the winsorising and the leaving-out are relative to until the baseline has its
   * level (NaN before the first window): moved by every window a share of the way to that window's
   * winsorised mean, so it settles where the requests judged are centred before the baseline learns
   * anything, and the values the baseline learns in its warm-up are the ones it is judged by
   * afterwards (relative to its own expected value, which starts near this centre).
   */
  public double centre = Double.NaN;

  /** Windows that moved {@link #centre}, and those that taught {@link #upper}. */
  public int centreWindows;

  public int upperWindows;

  /**
   * Windows the centre and the upper spread learn before the baseline may learn from the values
   * they give: until both have settled, which requests a window keeps and where it clips moves, so
   * values from before would not compare with values from after.
   */
  static final int SETTLE_WINDOWS = 10;

  /** Forgetfully summed squared deviations within windows, and their degrees of freedom. */
  public double squares = PRIOR_SPREAD * PRIOR_SPREAD * PRIOR_FREEDOM;

  public double freedom = PRIOR_FREEDOM;

  /** Moving mean of d² − s²/n over learnt windows. */
  public double between = PRIOR_BETWEEN * PRIOR_BETWEEN;

  public LatencySpread() {}

  /** The per-request spread the test winsorises at (see {@link #upper}). */
  public double clipSpread() {
    return Math.max(upper, MIN_BETWEEN);
  }

  /** Moves {@link #centre} by a share of a window's winsorised mean deviation {@code d}. */
  void moveCentre(double d, double requests) {
    centre += CENTRE_RATE * Math.min(1, requests / QUANTILE_REQUESTS) * d;
    centreWindows++;
  }

  /**
   * Whether the centre has settled (see {@link #SETTLE_WINDOWS}); the upper spread learns a running
   * mean of its first windows, so it is near its value after a few windows of enough requests (a
   * series that never has them keeps the prior).
   */
  boolean settled() {
    return centreWindows >= SETTLE_WINDOWS;
  }

  /** Learns a window's upper spread from its quantiles, when it has enough requests. */
  void learnUpper(LatencySample sample) {
    if (sample.count() >= QUANTILE_REQUESTS) {
      upperWindows++;
      // a running mean at first (the prior is only a guess), a moving one afterwards
      double w =
          Math.max(
              1.0 / (upperWindows + 1),
              FORGET * 4 * Math.min(sample.count() / QUANTILE_REQUESTS, 4));
      upper += w * ((sample.quantile(0.95) - sample.quantile(0.84)) / 0.651 - upper);
    }
  }

  /** The per-request standard deviation of the winsorised log latency. */
  public double perRequest() {
    return Math.sqrt(squares / freedom);
  }

  /** The variance of the window mean log latency over {@code requests} requests. */
  public double windowVariance(double requests) {
    double s = perRequest();
    return s * s / Math.max(requests, 1) + Math.max(between, MIN_BETWEEN * MIN_BETWEEN);
  }

  /** Learns one window's within-window sum of squares over {@code requests} requests. */
  void learnWithin(double windowSquares, double requests) {
    if (requests < 2) {
      return;
    }
    squares = (1 - FORGET) * squares + windowSquares;
    freedom = (1 - FORGET) * freedom + requests - 1;
  }

  /**
   * Learns one window's deviation {@code d} from the baseline over {@code requests} requests,
   * clipped at 4 of its standard deviations so that one odd window moves τ² by a bounded amount.
   */
  void learnBetween(double d, double requests, double alpha) {
    double bound = 4 * Math.sqrt(windowVariance(requests));
    double clipped = Math.max(-bound, Math.min(bound, d));
    double s = perRequest();
    between += alpha * (clipped * clipped - s * s / Math.max(requests, 1) - between);
  }
}
