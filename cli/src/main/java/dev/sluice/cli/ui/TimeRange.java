package dev.sluice.cli.ui;

import dev.sluice.model.config.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A bounded time range {@code [from, to)} of a UI request, from the {@code from} and {@code to}
 * parameters: an ISO-8601 instant ({@code 2026-12-03T12:00:00Z}), {@code now}, or {@code
 * now-<duration>} ({@code now-1h}).
 *
 * <p>Guarantees: both ends are given, {@code from < to}, and the span is at most the limit — so
 * every query the UI runs is pruned to the partitions of that range; otherwise a {@link BadRequest}
 * says what to change.
 */
public record TimeRange(Instant from, Instant to) {

  /** Parses and checks the range. */
  public static TimeRange parse(String from, String to, Duration maxSpan, Clock clock) {
    if (from == null || from.isBlank() || to == null || to.isBlank()) {
      throw new BadRequest(
          "give a time range, from and to (e.g. from=now-1h&to=now): without a time bound the"
              + " query would scan every partition of the table");
    }
    Instant f = instant("from", from, clock);
    Instant t = instant("to", to, clock);
    if (!f.isBefore(t)) {
      throw new BadRequest(
          "the time range is inverted or empty: from " + f + " is not before to " + t);
    }
    Duration span = Duration.between(f, t);
    if (span.compareTo(maxSpan) > 0) {
      throw new BadRequest(
          "the time range spans "
              + human(span)
              + ", more than the "
              + human(maxSpan)
              + " one page scans (sluice ui --max-range): narrow it");
    }
    return new TimeRange(f, t);
  }

  /** The range widened by {@code margin} on both sides. */
  public TimeRange widen(Duration margin) {
    return new TimeRange(from.minus(margin), to.plus(margin));
  }

  private static Instant instant(String name, String text, Clock clock) {
    String s = text.strip();
    try {
      if (s.equals("now")) {
        return clock.instant();
      }
      if (s.startsWith("now-")) {
        return clock.instant().minus(Durations.parse(s.substring(4)));
      }
      return Instant.parse(s);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new BadRequest(
          name
              + " '"
              + text
              + "' is not a time: give an ISO-8601 instant (2026-12-03T12:00:00Z), now, or"
              + " now-1h");
    }
  }

  static String human(Duration d) {
    if (d.toDays() >= 2) {
      return d.toDays() + " days";
    }
    if (d.toHours() >= 2) {
      return d.toHours() + " hours";
    }
    return d.toMinutes() + " minutes";
  }
}
