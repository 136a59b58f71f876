package dev.sluice.cli.alert;

import dev.sluice.model.Anomaly;
import dev.sluice.model.Severity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the {@code anomalies} topic's records (OPEN, UPDATED…, RESOLVED per incident id) into the
 * {@link Transition}s to notify: an incident's first OPEN (or its first record of any status but
 * RESOLVED, if the OPEN was never seen), an UPDATED whose severity is higher than the one last
 * notified, and its first RESOLVED.
 *
 * <p>Guarantees: a record seen again (the topic is at-least-once: a resent record, or a replay of a
 * whole incident after the job restored) yields nothing; state is bounded — open incidents and the
 * ids of the last {@code capacity} resolved ones, oldest forgotten first. Replaying the same
 * records into a fresh instance rebuilds the same state, which is how {@link AlertConsumer} carries
 * it across restarts. Not thread-safe.
 */
public final class IncidentTransitions {
  private final int capacity;
  private final Map<String, Severity> open;
  private final Map<String, Boolean> resolved;

  public IncidentTransitions(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
    this.open = lru();
    this.resolved = lru();
  }

  /** The transition {@code a} causes, or null when it changes nothing people need to hear. */
  public Transition next(Anomaly a) {
    String id = a.getId();
    if (resolved.containsKey(id)) {
      return null;
    }
    Severity last = open.get(id);
    switch (a.getStatus()) {
      case RESOLVED -> {
        if (last == null) {
          return null; // never notified as open: nothing to resolve
        }
        open.remove(id);
        resolved.put(id, Boolean.TRUE);
        return new Transition(Transition.Kind.RESOLVED, a, last);
      }
      default -> {
        if (last == null) {
          open.put(id, a.getSeverity());
          return new Transition(Transition.Kind.OPEN, a, null);
        }
        if (a.getSeverity().ordinal() > last.ordinal()) {
          open.put(id, a.getSeverity());
          return new Transition(Transition.Kind.ESCALATED, a, last);
        }
        return null;
      }
    }
  }

  /** Incidents notified as open and not yet resolved. */
  public int openIncidents() {
    return open.size();
  }

  private <V> Map<String, V> lru() {
    return new LinkedHashMap<>(16, 0.75f, false) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
