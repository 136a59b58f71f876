package dev.sluice.cli.alert;

import java.time.Duration;

/**
 * Exponential backoff between delivery attempts: {@code initial}, doubled after every failure, at
 * most {@code max}.
 */
public record Backoff(Duration initial, Duration max) {
  public Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("the initial backoff must be positive");
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("the maximum backoff must be at least the initial one");
    }
  }

  /** The wait after failed attempt number {@code attempt} (1 for the first). */
  public Duration delay(int attempt) {
    int doublings = Math.min(Math.max(attempt - 1, 0), 30);
    Duration d = initial.multipliedBy(1L << doublings);
    return d.compareTo(max) > 0 ? max : d;
  }
}
