package dev.sluice.cli;

import dev.sluice.ship.UserException;

/** Checks {@code --limit} values. */
final class LimitOption {
  private LimitOption() {}

  static void check(int limit) {
    if (limit < 1) {
      throw new UserException("--limit must be at least 1, got " + limit);
    }
  }
}
