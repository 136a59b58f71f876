package dev.sluice.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.LogEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Counts what arrived: every expected line, and one id per line however often it came. */
public final class DeliveryAssertions {
  private DeliveryAssertions() {}

  /** The distinct messages among {@code events}. */
  public static Set<String> messages(List<LogEvent> events) {
    Set<String> seen = new HashSet<>();
    events.forEach(e -> seen.add(e.getMessage()));
    return seen;
  }

  /**
   * Asserts that every expected line arrived and that every copy of a line carries the id of its
   * first copy; returns how many copies were repeats.
   */
  public static int assertEveryLineOnceById(List<LogEvent> events, Set<String> expected) {
    Map<String, String> idByMessage = new HashMap<>();
    Set<String> ids = new HashSet<>();
    int repeats = 0;
    for (LogEvent e : events) {
      String first = idByMessage.putIfAbsent(e.getMessage(), e.getId());
      if (first != null) {
        repeats++;
        assertThat(e.getId())
            .as("a repeated line carries the id of its first copy: %s", e.getMessage())
            .isEqualTo(first);
      }
      ids.add(e.getId());
    }
    assertThat(idByMessage.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(ids).as("one id per distinct line").hasSameSizeAs(expected);
    return repeats;
  }
}
