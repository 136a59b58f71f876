package dev.sluice.processing.anomaly;

/**
 * The usual share of errors of one series: errors over events, both summed with exponential
 * forgetting (a memory of about {@code 1 / alpha} windows, counted in events rather than windows,
 * so a busy window weighs more than a quiet one), shrunk towards a small prior share so that a
 * service's first error-free hours do not make one error look like a rise. Never below {@code
 * floor}. A Flink POJO.
 */
public final class ShareBaseline {
  /** Prior: as if this many events with {@link #PRIOR_SHARE} errors had been seen. */
  static final double PRIOR_EVENTS = 200;

  static final double PRIOR_SHARE = 0.005;

  /** Events remembered at least. */
  static final double MEMORY_EVENTS = 20_000;

  public double errors;
  public double events;

  /**
   * Variance of a window's errors over the binomial variance, at least 1: errors come in clusters
   * (a failed request writes an access line and an ERROR line), which makes a binomial test
   * over-confident by about this factor — the quasi-binomial dispersion, estimated as Pearson's
   * ratio of sums ({@link #squaredExcess} over {@link #binomialVariance}) with the same forgetting
   * as the share. A ratio of sums, not a mean of per-window ratios: on a low-volume series almost
   * every window has no error and the few with a cluster carry the whole estimate.
   */
  public double dispersion = 1;

  /**
   * Sum of (errors − expected errors)², each window's at most {@link #MAX_EXCESS}², starting from a
   * prior of {@link #PRIOR_VARIANCE} at dispersion 1.
   */
  public double squaredExcess = PRIOR_VARIANCE;

  /** Sum of the binomial variances n·p·(1 − p) of the same windows, from the same prior. */
  public double binomialVariance = PRIOR_VARIANCE;

  /** Excess errors of one window counted in the dispersion: a larger cluster is an incident's. */
  static final double MAX_EXCESS = 6;

  /** The prior of the dispersion: as if this much binomial variance had been seen at 1. */
  static final double PRIOR_VARIANCE = 2;

  /** Windows fed. */
  public long count;

  public ShareBaseline() {}

  public boolean warm(int windows) {
    return count >= windows;
  }

  /** {@link #dispersion}, between 1 and 4. */
  public double dispersion() {
    return Math.max(1, Math.min(4, dispersion));
  }

  /** The usual share, at least {@code floor}. */
  public double share(double floor) {
    double p = (errors + PRIOR_SHARE * PRIOR_EVENTS) / (events + PRIOR_EVENTS);
    return Math.min(0.95, Math.max(floor, p));
  }

  /** Feeds one window of {@code n} events of which {@code k} were errors. */
  public void update(long k, long n, double alpha, double floor) {
    double keep = Math.max(1 - alpha, Math.exp(-n / MEMORY_EVENTS));
    if (count > 0 && n > 0) {
      double p = share(floor);
      double excess = Math.min(Math.abs(k - n * p), MAX_EXCESS);
      squaredExcess = keep * squaredExcess + excess * excess;
      binomialVariance = keep * binomialVariance + n * p * (1 - p);
      dispersion = squaredExcess / binomialVariance;
    }
    errors = keep * errors + k;
    events = keep * events + n;
    count++;
  }
}
