package dev.sluice.processing.anomaly;

/**
 * An adaptive, outlier-robust baseline of one series: exponentially weighted level and mean
 * absolute deviation, fed with winsorised values (a single outlier moves it by at most a few
 * deviations), plus a profile per hour of the day. While an anomaly is open the owner stops feeding
 * it, and {@link #expected} then carries the frozen level along the daily profile once a whole day
 * has been seen. Fixed size: 24 hourly slots whatever the traffic.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so it serialises without Kryo.
 */
public final class RobustBaseline {
  private static final int HOURS = 24;

  /** Moving level. */
  public double level;

  /** Moving mean absolute deviation from the level. */
  public double deviation;

  /** Values seen. */
  public long count;

  /** Mean value per hour of the (configurable) day, NaN where none yet. */
  public double[] hourly = nanArray();

  /** The hour being accumulated, -1 before the first value. */
  public long currentHour = -1;

  public double hourSum;

  public long hourCount;

  /** Distinct hours of the day with a profile value. */
  public int hoursSeen;

  /** Event time of the last value fed, -1 before the first. */
  public long frozenAt = -1;

  public RobustBaseline() {}

  private static double[] nanArray() {
    double[] a = new double[HOURS];
    java.util.Arrays.fill(a, Double.NaN);
    return a;
  }

  /** Whether the baseline has seen at least {@code windows} values. */
  public boolean warm(int windows) {
    return count >= windows;
  }

  /** Feeds one value observed at event time {@code time}. */
  public void update(double value, long time, double alpha, long hourMillis) {
    if (count == 0) {
      level = value;
      deviation = 0;
    } else {
      double bound = 4 * Math.max(scale(0), 1e-9);
      double v = Math.max(level - bound, Math.min(level + bound, value));
      double diff = v - level;
      level += alpha * diff;
      deviation += alpha * (Math.abs(diff) - deviation);
    }
    count++;
    profile(value, time, hourMillis);
    frozenAt = time;
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

  /**
   * The value expected at {@code time}: the level, or — when the baseline was last fed more than an
   * hour earlier and a whole day has been profiled — the level moved along the daily profile.
   */
  public double expected(long time, long hourMillis) {
    if (hoursSeen < HOURS || frozenAt < 0 || time - frozenAt < hourMillis) {
      return level;
    }
    double then = hourly[(int) Math.floorMod(Math.floorDiv(frozenAt, hourMillis), HOURS)];
    double now = hourly[(int) Math.floorMod(Math.floorDiv(time, hourMillis), HOURS)];
    if (!(then > 0) || !(now > 0)) {
      return level;
    }
    return level * now / then;
  }

  /** The spread of normal values, at least {@code floor}: 1.25 × mean absolute deviation ≈ σ. */
  public double scale(double floor) {
    return Math.max(1.25 * deviation, floor);
  }
}
