package dev.sluice.query.shortcut;

import dev.sluice.model.config.Durations;
import java.time.Duration;

/**
 * Parses look-back periods such as {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}, {@code 2w}:
 * positive durations in Sluice's one grammar ({@link Durations}).
 */
public final class Since {
  private Since() {}

  /**
   * The duration {@code text} names.
   *
   * @throws IllegalArgumentException saying what a valid value looks like
   */
  public static Duration parse(String text) {
    Duration period;
    try {
      period = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      period = Duration.ZERO;
    }
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a period: use a positive duration such as 30s, 15m, 2h, 1d or 2w");
    }
    return period;
  }
}
