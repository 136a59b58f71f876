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
   * Variance of a window's errors over the binomial variance, moving, at least 1: errors come in
   * clusters (a failed request writes an access line and an ERROR line), which makes a binomial
   * test over-confident by about this factor.
   */
  public double dispersion = 1;

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
    if (count > 0 && n > 0) {
      double p = share(floor);
      double z2 = Math.pow(k - n * p, 2) / (n * p * (1 - p));
      dispersion += alpha * (Math.min(z2, 10) - dispersion);
    }
    double keep = Math.max(1 - alpha, Math.exp(-n / MEMORY_EVENTS));
    errors = keep * errors + k;
    events = keep * events + n;
    count++;
  }
}
