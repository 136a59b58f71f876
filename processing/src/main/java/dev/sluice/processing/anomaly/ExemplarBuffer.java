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
 * {@link #CAPACITY} slots per kind, messages cut at {@link #MAX_MESSAGE} characters. A Flink POJO
 * whose fields are arrays of POJOs, so it serialises with Flink's POJO serializer, not Kryo (a
 * {@code List} field would fall back to Kryo).
 */
public final class ExemplarBuffer {
  /** Slots per kind. */
  public static final int CAPACITY = 8;

  /** Longest message kept. */
  public static final int MAX_MESSAGE = 500;

  /** Oldest first. */
  public Slot[] errors = new Slot[0];

  /** Oldest first. */
  public Slot[] recent = new Slot[0];

  /** Slowest first. */
  public Slot[] slowest = new Slot[0];

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
      errors = push(errors, s);
    }
    recent = push(recent, s);
    if (!Double.isNaN(s.latency)) {
      if (windowStart != slowWindow) {
        slowWindow = windowStart;
        slowest = new Slot[0];
      }
      List<Slot> slow = new ArrayList<>(List.of(slowest));
      slow.add(s);
      slow.sort((a, b) -> Double.compare(b.latency, a.latency));
      slowest = slow.subList(0, Math.min(CAPACITY, slow.size())).toArray(new Slot[0]);
    }
  }

  private static Slot[] push(Slot[] ring, Slot s) {
    int keep = Math.min(ring.length, CAPACITY - 1);
    Slot[] next = new Slot[keep + 1];
    System.arraycopy(ring, ring.length - keep, next, 0, keep);
    next[keep] = s;
    return next;
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
      Slot[] from, int max, String host, String endpoint, boolean newestFirst) {
    List<Slot> ordered = new ArrayList<>(List.of(from));
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
