package dev.sluice.processing.anomaly;

import java.util.Arrays;

/**
 * An adaptive, outlier-robust baseline of one series, with a daily profile.
 *
 * <ul>
 *   <li><b>Starts right</b>: the first {@link #WARMUP_SLOTS} values (at most) are only collected;
 *       the level is their median and the scale their median absolute deviation, so no single value
 *       (a partial first window, a new series' first value) sets the level.
 *   <li><b>Robust</b>: afterwards the level (with a linear trend, Holt's method, extrapolated at
 *       most an hour) and the mean absolute deviation move by an exponential weight, fed with
 *       winsorised values (one outlier moves them by at most a few deviations). The caller adds a
 *       floor to {@link #scale} that cannot be zero (Poisson, binomial or a relative floor), so a
 *       flat series cannot make every wiggle significant.
 *   <li><b>Daily seasonality</b> once every hour of the (configurable) day has been seen: a profile
 *       of 24 hourly means, interpolated between hour centres, gives a factor ({@link
 *       Season#MULTIPLICATIVE}, counts) or an offset ({@link Season#ADDITIVE}, log latency) around
 *       the deseasonalised level, which is what {@link #level} then holds.
 * </ul>
 *
 * While an anomaly is open the owner stops feeding it, and {@link #expected} carries the frozen
 * level along the daily profile. Fixed size whatever the traffic. A Flink POJO (public fields,
 * no-arg constructor) so it serialises without Kryo.
 */
public final class RobustBaseline {
  /** How a daily profile acts on the level. */
  public enum Season {
    NONE,
    MULTIPLICATIVE,
    ADDITIVE
  }

  static final int HOURS = 24;

  /** Scales beyond which a deviation counts at this many scales in {@link #variance}. */
  static final double VARIANCE_CLIP = 8;

  /** Values collected before the level is set (their median). */
  static final int WARMUP_SLOTS = 16;

  /** Deseasonalised moving level (NaN before the warm-up ends). */
  public double level = Double.NaN;

  /** Moving slope of the level per ms (Holt's linear trend), so a daily swing is followed early. */
  public double slope;

  /** Event time of the last value learnt, -1 before the first. */
  public long lastTime = -1;

  /** Moving mean absolute deviation from the expected value. */
  public double deviation;

  /**
   * Moving mean of the squared Pearson residual (value − expected)² / expected, each deviation
   * winsorised at {@link #VARIANCE_CLIP} scales only: the quasi-Poisson dispersion of a count, as
   * the classical estimator has it. Unlike {@link #deviation} it keeps the heavy tail of bursty
   * series, whose frequent bursts are part of their normal variation; per unit of the expected
   * value, so it holds at every hour of a daily cycle.
   */
  public double pearson;

  /**
   * Moving means of the standardised residual's square and of its product with the previous one
   * (NaN before the first): their ratio is the residuals' lag-1 autocorrelation, how long a
   * deviation from the expected value persists on its own.
   */
  public double residualSquare;

  public double residualLag1;
  public double lastResidual = Double.NaN;

  /** Values seen. */
  public long count;

  /** The first values, until the warm-up ends. */
  public double[] warmup = new double[0];

  /** Mean value per hour of the day, NaN where none yet. */
  public double[] hourly = nanArray();

  /** The hour being accumulated, -1 before the first value. */
  public long currentHour = -1;

  public double hourSum;
  public long hourCount;

  /** Distinct hours of the day with a profile value. */
  public int hoursSeen;

  /** Whether {@link #level} has been divided by the daily profile (once a day was seen). */
  public boolean deseasonalised;

  public RobustBaseline() {}

  private static double[] nanArray() {
    double[] a = new double[HOURS];
    Arrays.fill(a, Double.NaN);
    return a;
  }

  /**
   * A baseline that learns its level anew (a warm-up median) but keeps this one's daily profile.
   */
  public RobustBaseline restart() {
    RobustBaseline b = new RobustBaseline();
    b.hourly = hourly.clone();
    b.hoursSeen = hoursSeen;
    b.currentHour = currentHour;
    b.hourSum = hourSum;
    b.hourCount = hourCount;
    return b;
  }

  /** Whether the baseline has its level: at least {@code windows} values (and a median). */
  public boolean warm(int windows) {
    return !Double.isNaN(level) && count >= windows;
  }

  /** Whether a whole day has been profiled, so {@link #expected} follows the daily cycle. */
  public boolean seasonal() {
    return hoursSeen >= HOURS;
  }

  /**
   * Feeds one value observed at event time {@code time}.
   *
   * @param warmupWindows how many values the level is the median of
   */
  public void update(
      double value, long time, double alpha, long hourMillis, int warmupWindows, Season season) {
    profile(value, time, hourMillis);
    learn(value, time, alpha, hourMillis, warmupWindows, season, 0);
  }

  /**
   * Feeds the daily profile only, from every window of a series (also those in an incident, which
   * the level must not learn): a daily cycle shows every day, so it is learnt once a day has been
   * seen, whatever incidents that day had; an incident moves one hour's profile by a share. Callers
   * that feed the profile here learn the level with {@link #learn}.
   */
  public void observe(double value, long time, long hourMillis) {
    profile(value, time, hourMillis);
  }

  /**
   * Learns one value into the level and scale (not the daily profile: see {@link #observe}),
   * winsorising it at a few times the scale of at least {@code scaleFloor} (a count's Poisson
   * spread), so a scale that shrank over a flat stretch cannot pin the level where it was when the
   * series moves.
   */
  public void learn(
      double value,
      long time,
      double alpha,
      long hourMillis,
      int warmupWindows,
      Season season,
      double scaleFloor) {
    count++;
    if (Double.isNaN(level)) {
      int n = Math.min(Math.max(warmupWindows, 1), WARMUP_SLOTS);
      warmup = Arrays.copyOf(warmup, warmup.length + 1);
      // a restarted baseline keeps its daily profile: its warm-up collects deseasonalised values
      warmup[warmup.length - 1] = deseasonalise(value, time, hourMillis, season);
      if (warmup.length >= n) {
        double median = median(warmup);
        double[] dev = new double[warmup.length];
        for (int i = 0; i < dev.length; i++) {
          dev[i] = Math.abs(warmup[i] - median);
        }
        level = median;
        deviation = median(dev) * 1.4826 / 1.25; // MAD → σ → mean absolute deviation
        pearson = Math.pow(1.25 * deviation, 2) / Math.max(Math.abs(median), 0.5);
        warmup = new double[0];
        lastTime = time;
        deseasonalised = seasonal();
      }
      return;
    }
    if (seasonal() && !deseasonalised) {
      level = deseasonalise(trended(time, hourMillis), time, hourMillis, season);
      slope = 0;
      lastTime = time;
      deseasonalised = true;
    }
    double expected = expected(time, hourMillis, season);
    double bound = 4 * Math.max(scale(scaleFloor), 1e-9);
    double v = Math.max(expected - bound, Math.min(expected + bound, value));
    double diff = v - expected;
    deviation += alpha * (Math.abs(diff) - deviation);
    double wide = VARIANCE_CLIP * Math.max(scale(scaleFloor), 1e-9);
    double tail = Math.max(-wide, Math.min(wide, value - expected));
    pearson += alpha * (tail * tail / Math.max(expected, 0.5) - pearson);
    double z = diff / Math.max(scale(scaleFloor), 1e-9);
    residualSquare += alpha * (z * z - residualSquare);
    if (!Double.isNaN(lastResidual)) {
      residualLag1 += alpha * (z * lastResidual - residualLag1);
    }
    lastResidual = z;
    double predicted = trended(time, hourMillis);
    double next = predicted + alpha * (deseasonalise(v, time, hourMillis, season) - predicted);
    long dt = time - lastTime;
    if (seasonal()) {
      slope = 0; // the profile carries the daily swing; a trend on top only adds noise
    } else if (dt > 0) {
      slope += alpha / 8 * ((next - level) / dt - slope);
    }
    level = next;
    lastTime = time;
  }

  /** The deseasonalised level at {@code time}: along the trend, at most an hour ahead. */
  private double trended(long time, long hourMillis) {
    if (lastTime < 0) {
      return level;
    }
    long ahead = Math.max(0, Math.min(time - lastTime, hourMillis));
    return level + slope * ahead;
  }

  private double deseasonalise(double v, long time, long hourMillis, Season season) {
    if (!seasonal()) {
      return v;
    }
    return switch (season) {
      case MULTIPLICATIVE -> v / factor(time, hourMillis);
      case ADDITIVE -> v - offset(time, hourMillis);
      case NONE -> v;
    };
  }

  private void profile(double value, long time, long hourMillis) {
    long hour = Math.floorDiv(time, hourMillis);
    if (hour != currentHour) {
      foldHour();
      currentHour = hour;
    }
    hourSum += value;
    hourCount++;
  }

  private void foldHour() {
    if (currentHour >= 0 && hourCount > 0) {
      int slot = (int) Math.floorMod(currentHour, HOURS);
      double mean = hourSum / hourCount;
      if (Double.isNaN(hourly[slot])) {
        hourly[slot] = mean;
        hoursSeen++;
      } else {
        hourly[slot] += 0.5 * (mean - hourly[slot]);
      }
    }
    hourSum = 0;
    hourCount = 0;
  }

  /** The profile at {@code time}, interpolated between the centres of its two nearest hours. */
  private double profileAt(long time, long hourMillis) {
    double h = (double) Math.floorMod(time, HOURS * hourMillis) / hourMillis - 0.5;
    int lo = (int) Math.floor(h);
    double w = h - lo;
    double a = hourly[Math.floorMod(lo, HOURS)];
    double b = hourly[Math.floorMod(lo + 1, HOURS)];
    return a + w * (b - a);
  }

  private double profileMean() {
    double s = 0;
    for (double v : hourly) {
      s += v;
    }
    return s / HOURS;
  }

  /** The daily factor at {@code time} (1 until a day has been seen or where it is unusable). */
  double factor(long time, long hourMillis) {
    if (!seasonal()) {
      return 1;
    }
    double mean = profileMean();
    double f = profileAt(time, hourMillis) / mean;
    return mean > 0 && f > 0.02 && Double.isFinite(f) ? f : 1;
  }

  /** The daily offset at {@code time} (0 until a day has been seen). */
  double offset(long time, long hourMillis) {
    return seasonal() ? profileAt(time, hourMillis) - profileMean() : 0;
  }

  /** The value expected at {@code time}: the level, carried along the daily profile. */
  public double expected(long time, long hourMillis, Season season) {
    double l = trended(time, hourMillis);
    return switch (season) {
      case MULTIPLICATIVE -> Math.max(0, l) * factor(time, hourMillis);
      case ADDITIVE -> l + offset(time, hourMillis);
      case NONE -> l;
    };
  }

  /**
   * The residuals' lag-1 autocorrelation, in [0, {@link #MAX_AUTOCORRELATION}]: 0 for independent
   * noise, near 1 for a series whose deviations last for hours.
   */
  public double autocorrelation() {
    if (!(residualSquare > 0)) {
      return 0;
    }
    return Math.max(0, Math.min(MAX_AUTOCORRELATION, residualLag1 / residualSquare));
  }

  /** The highest autocorrelation {@link #autocorrelation} reports. */
  static final double MAX_AUTOCORRELATION = 0.9;

  /** The spread of normal values, at least {@code floor}: 1.25 × mean absolute deviation ≈ σ. */
  public double scale(double floor) {
    return Math.max(1.25 * deviation, floor);
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
