package dev.sluice.processing.anomaly;

import dev.sluice.model.Exemplar;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A few recent events of one service, kept so that an anomaly can name exemplars: the last errors,
 * the last events (per host when asked), and the slowest requests of the current window. Bounded:
 * {@link #CAPACITY} slots per kind, messages cut at {@link #MAX_MESSAGE} characters. A Flink POJO.
 */
public final class ExemplarBuffer {
  /** Slots per kind. */
  public static final int CAPACITY = 8;

  /** Longest message kept. */
  public static final int MAX_MESSAGE = 500;

  public ArrayList<Slot> errors = new ArrayList<>();
  public ArrayList<Slot> recent = new ArrayList<>();
  public ArrayList<Slot> slowest = new ArrayList<>();

  /** Start of the window {@link #slowest} belongs to. */
  public long slowWindow = Long.MIN_VALUE;

  public ExemplarBuffer() {}

  /** One remembered event. A Flink POJO. */
  public static final class Slot {
    public String eventId;
    public long time;
    public String message;
    public String host;
    public String endpoint;
    public double latency = Double.NaN;

    public Slot() {}

    Exemplar toExemplar() {
      return new Exemplar(eventId, Instant.ofEpochMilli(time), message);
    }
  }

  /** Whether the event is an error: ERROR or FATAL, or an HTTP 5xx. */
  public static boolean isError(LogEvent e) {
    return e.getLevel() == Level.ERROR
        || e.getLevel() == Level.FATAL
        || (e.getHttp() != null
            && e.getHttp().getStatus() != null
            && e.getHttp().getStatus() >= 500);
  }

  /** Remembers {@code e}; {@code endpoint} may be null; {@code windowStart} of its window. */
  public void add(LogEvent e, String endpoint, long windowStart) {
    Slot s = new Slot();
    s.eventId = e.getId();
    s.time = e.getEventTime().toEpochMilli();
    String m = e.getMessage();
    s.message = m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m;
    s.host = e.getHost();
    s.endpoint = endpoint;
    if (e.getHttp() != null && e.getHttp().getDurationMs() != null) {
      s.latency = e.getHttp().getDurationMs();
    }
    if (isError(e)) {
      push(errors, s);
    }
    push(recent, s);
    if (!Double.isNaN(s.latency)) {
      if (windowStart != slowWindow) {
        slowWindow = windowStart;
        slowest.clear();
      }
      slowest.add(s);
      slowest.sort((a, b) -> Double.compare(b.latency, a.latency));
      if (slowest.size() > CAPACITY) {
        slowest.remove(slowest.size() - 1);
      }
    }
  }

  private static void push(List<Slot> ring, Slot s) {
    ring.add(s);
    if (ring.size() > CAPACITY) {
      ring.remove(0);
    }
  }

  /** Up to {@code max} errors, newest first. */
  public List<Exemplar> errors(int max) {
    return pick(errors, max, null, null, true);
  }

  /** Up to {@code max} recent events, of {@code host} first when not null, newest first. */
  public List<Exemplar> recent(int max, String host) {
    return pick(recent, max, host, null, true);
  }

  /** Up to {@code max} of the slowest requests, of {@code endpoint} first when not null. */
  public List<Exemplar> slowest(int max, String endpoint) {
    return pick(slowest, max, null, endpoint, false);
  }

  private static List<Exemplar> pick(
      List<Slot> from, int max, String host, String endpoint, boolean newestFirst) {
    List<Slot> ordered = new ArrayList<>(from);
    if (newestFirst) {
      java.util.Collections.reverse(ordered);
    }
    List<Exemplar> out = new ArrayList<>();
    for (Slot s : ordered) {
      if (out.size() < max
          && (host == null || host.equals(s.host))
          && (endpoint == null || endpoint.equals(s.endpoint))) {
        out.add(s.toExemplar());
      }
    }
    for (Slot s : ordered) {
      if (out.size() >= max) {
        break;
      }
      if ((host != null && !host.equals(s.host))
          || (endpoint != null && !endpoint.equals(s.endpoint))) {
        out.add(s.toExemplar());
      }
    }
    return out;
  }
}
