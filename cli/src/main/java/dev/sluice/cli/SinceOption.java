package dev.sluice.cli;

import dev.sluice.query.shortcut.Since;
import dev.sluice.ship.UserException;
import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --since 15m|1h|1d|2w}: how far back a shortcut looks. */
public final class SinceOption {
  @Option(
      names = "--since",
      defaultValue = "1h",
      description = "How far back: a number and s, m, h, d or w (default: ${DEFAULT-VALUE}).")
  String since;

  /** The first instant to include. */
  Instant start(Clock clock) {
    try {
      return clock.instant().minus(Since.parse(since));
    } catch (IllegalArgumentException e) {
      throw new UserException("--since " + e.getMessage());
    }
  }
}
