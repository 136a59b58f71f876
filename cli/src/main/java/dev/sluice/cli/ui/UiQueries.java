package dev.sluice.cli.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.model.AnomalyKind;
import dev.sluice.query.QueryEngine;
import dev.sluice.query.QueryResult;
import dev.sluice.query.ScanStatistics;
import dev.sluice.query.shortcut.Shortcuts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The questions behind the page, as SQL over {@link QueryEngine}: the services with stats in a
 * range, their per-window timelines (events, error share, p95 latency from the {@code stats}
 * table's per-service roll-up), the incidents (the {@code anomalies} table, one entry per id), and
 * raw log lines (the {@code logs} table, with template ids).
 *
 * <p>Guarantees: every query has a literal time bound on the table's partition-time column (so it
 * is pruned to the range's hours) and values are SQL-quoted, never spliced raw. One query runs at a
 * time (the engine has one connection); a request that cannot start within {@link #WAIT} is refused
 * as busy instead of hanging. While one runs, {@link #progress()} tells how far it got.
 */
public final class UiQueries {
  /** How long a request waits for the scan before it to finish. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  private static final int MAX_POINTS = 100_000;

  private final QueryEngine engine;
  private final ObjectMapper json = new ObjectMapper();
  private final ReentrantLock lock = new ReentrantLock(true);
  private volatile Scan current;

  /** The scan in progress: what it is, when it started, the counters before it. */
  private record Scan(String what, long startNanos, ScanStatistics.Snapshot before) {}

  public UiQueries(QueryEngine engine) {
    this.engine = engine;
  }

  /** Services with stats in {@code range}, with their event counts, by name. */
  public ArrayNode services(TimeRange range) {
    ArrayNode out = json.createArrayNode();
    run(
        "services",
        "SELECT service, SUM(\"count\") AS events FROM stats WHERE host IS NULL AND "
            + bound("windowStart", range)
            + " GROUP BY service ORDER BY service",
        row -> out.addObject().put("service", (String) row[0]).put("events", number(row[1])));
    return out;
  }

  /**
   * Per service (one, or all when null): a point per window, the latest revision of each: {@code t}
   * (epoch seconds), {@code events}, {@code errors}, {@code errorShare} (0–1), {@code p95} (ms,
   * null without latencies).
   *
   * @throws BadRequest when {@code service} has no stats in the range
   */
  public ObjectNode timeline(TimeRange range, String service) {
    String where = "host IS NULL AND " + bound("windowStart", range);
    if (service != null) {
      where += " AND service = " + Shortcuts.quote(service);
    }
    Map<String, Map<Long, Object[]>> byService = new LinkedHashMap<>();
    int[] rows = {0};
    run(
        "timeline",
        "SELECT service, windowStart, revision, \"count\", errorCount, latencyP95Ms FROM stats"
            + " WHERE "
            + where
            + " ORDER BY service, windowStart, revision",
        row -> {
          if (++rows[0] > MAX_POINTS) {
            throw new BadRequest(
                "more than " + MAX_POINTS + " windows in the range: narrow it or pick a service");
          }
          long t = ((Instant) row[1]).getEpochSecond();
          byService.computeIfAbsent((String) row[0], k -> new LinkedHashMap<>()).put(t, row);
        });
    if (service != null && byService.isEmpty()) {
      throw unknownService(service, range);
    }
    ObjectNode out = json.createObjectNode();
    byService.forEach(
        (name, windows) -> {
          ArrayNode points = out.putArray(name);
          windows.forEach(
              (t, row) -> {
                long events = number(row[3]);
                long errors = number(row[4]);
                ObjectNode p = points.addObject();
                p.put("t", t);
                p.put("events", events);
                p.put("errors", errors);
                p.put("errorShare", events == 0 ? 0.0 : (double) errors / events);
                if (row[5] == null) {
                  p.putNull("p95");
                } else {
                  p.put("p95", ((Number) row[5]).doubleValue());
                }
              });
        });
    return out;
  }

  /**
   * Incidents whose windows start in {@code range}, one per id, oldest first: kind, service, latest
   * status, highest severity, first window start and last window end, the OPEN record's description
   * and values, and the exemplars of all its records.
   */
  public ArrayNode incidents(TimeRange range, String service, String kind) {
    String where = bound("windowStart", range);
    if (service != null) {
      where += " AND service = " + Shortcuts.quote(service);
    }
    if (kind != null) {
      where += " AND kind = " + Shortcuts.quote(kind(kind));
    }
    Map<String, ObjectNode> incidents = new LinkedHashMap<>();
    Map<String, Set<String>> exemplarIds = new LinkedHashMap<>();
    run(
        "incidents",
        "SELECT id, kind, status, severity, service, host, endpoint, templateId, templateText,"
            + " windowStart, windowEnd, detectedAt, observed, expected, lowerBound, upperBound,"
            + " score, description, exemplars_eventId, exemplars_eventTime, exemplars_message"
            + " FROM anomalies WHERE "
            + where
            + " ORDER BY windowStart, detectedAt, id",
        row -> {
          String id = (String) row[0];
          ObjectNode i = incidents.get(id);
          if (i == null) {
            i = json.createObjectNode();
            i.put("id", id);
            i.put("kind", (String) row[1]);
            i.put("service", (String) row[4]);
            i.put("host", (String) row[5]);
            i.put("endpoint", (String) row[6]);
            i.put("templateId", (String) row[7]);
            i.put("templateText", (String) row[8]);
            i.put("start", ((Instant) row[9]).toString());
            i.put("observed", ((Number) row[12]).doubleValue());
            i.put("expected", ((Number) row[13]).doubleValue());
            i.put("lowerBound", ((Number) row[14]).doubleValue());
            i.put("upperBound", ((Number) row[15]).doubleValue());
            i.put("score", ((Number) row[16]).doubleValue());
            i.put("description", (String) row[17]);
            i.put("severity", (String) row[3]);
            i.putArray("exemplars");
            incidents.put(id, i);
            exemplarIds.put(id, new LinkedHashSet<>());
          }
          i.put("status", (String) row[2]);
          i.put("end", ((Instant) row[10]).toString());
          i.put("detectedAt", ((Instant) row[11]).toString());
          if (severityRank((String) row[3]) > severityRank(i.path("severity").asText())) {
            i.put("severity", (String) row[3]);
          }
          if (i.path("status").asText().equals("RESOLVED")) {
            i.put("resolvedDescription", (String) row[17]);
          }
          addExemplars((ArrayNode) i.get("exemplars"), exemplarIds.get(id), row);
        });
    ArrayNode out = json.createArrayNode();
    incidents.values().forEach(out::add);
    return out;
  }

  /**
   * Raw log lines of {@code service} in {@code range}, oldest first, at most {@code limit}, each
   * with its template id and text, {@code exemplar: true} on the ids in {@code highlight}.
   */
  public ObjectNode logs(TimeRange range, String service, Set<String> highlight, int limit) {
    if (service == null) {
      throw new BadRequest("name a service: raw logs are shown for one service at a time");
    }
    ObjectNode out = json.createObjectNode();
    ArrayNode lines = out.putArray("lines");
    run(
        "logs",
        "SELECT eventTime, host, level, templateId, templateText, message, id FROM logs WHERE"
            + " service = "
            + Shortcuts.quote(service)
            + " AND "
            + bound("eventTime", range)
            + " ORDER BY eventTime, id LIMIT "
            + (limit + 1),
        row -> {
          if (lines.size() < limit) {
            ObjectNode l = lines.addObject();
            l.put("time", ((Instant) row[0]).toString());
            l.put("host", (String) row[1]);
            l.put("level", (String) row[2]);
            l.put("templateId", (String) row[3]);
            l.put("templateText", (String) row[4]);
            l.put("message", (String) row[5]);
            l.put("id", (String) row[6]);
            l.put("exemplar", highlight.contains((String) row[6]));
          } else {
            out.put("truncated", true);
          }
        });
    if (lines.isEmpty()) {
      List<String> services = serviceNames(range);
      if (!services.contains(service)) {
        throw unknownService(service, range, services);
      }
    }
    out.put("truncated", out.path("truncated").asBoolean(false));
    return out;
  }

  /** The scan in progress (objects and bytes read so far, seconds), or {@code running: false}. */
  public ObjectNode progress() {
    ObjectNode out = json.createObjectNode();
    Scan scan = current;
    if (scan == null) {
      return out.put("running", false);
    }
    ScanStatistics.Snapshot s = engine.statistics().snapshot().minus(scan.before());
    return out.put("running", true)
        .put("what", scan.what())
        .put("objects", s.objectsOpened())
        .put("bytes", s.bytesRead())
        .put("rows", s.rowsDecoded())
        .put("seconds", (System.nanoTime() - scan.startNanos()) / 1e9);
  }

  /** Runs {@code sql} as the one scan in progress, each row to {@code rows}. */
  void run(String what, String sql, Consumer<Object[]> rows) {
    boolean locked;
    try {
      locked = lock.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BadRequest("interrupted");
    }
    if (!locked) {
      throw new Busy(
          "another scan has run for more than " + WAIT.toSeconds() + " s: try again shortly");
    }
    try {
      current = new Scan(what, System.nanoTime(), engine.statistics().snapshot());
      try (QueryResult result = engine.execute(sql)) {
        while (result.next()) {
          rows.accept(result.row());
        }
      }
    } finally {
      current = null;
      lock.unlock();
    }
  }

  private List<String> serviceNames(TimeRange range) {
    List<String> names = new ArrayList<>();
    services(range).forEach(n -> names.add(n.path("service").asText()));
    return names;
  }

  private BadRequest unknownService(String service, TimeRange range) {
    return unknownService(service, range, serviceNames(range));
  }

  private static BadRequest unknownService(String service, TimeRange range, List<String> known) {
    return new BadRequest(
        "unknown service '"
            + service
            + "': no stats for it from "
            + range.from()
            + " to "
            + range.to()
            + (known.isEmpty()
                ? "; no service has any in that range"
                : "; services with stats then: " + String.join(", ", known)));
  }

  /** The kind's symbol, or a {@link BadRequest} listing the kinds. */
  static String kind(String kind) {
    String k = kind.strip().toUpperCase(Locale.ROOT);
    for (AnomalyKind known : AnomalyKind.values()) {
      if (known.name().equals(k)) {
        return k;
      }
    }
    throw new BadRequest(
        "unknown kind '"
            + kind
            + "': one of "
            + String.join(", ", Arrays.stream(AnomalyKind.values()).map(Enum::name).toList()));
  }

  private static String bound(String column, TimeRange range) {
    return column
        + " >= "
        + Shortcuts.timestamp(range.from())
        + " AND "
        + column
        + " < "
        + Shortcuts.timestamp(range.to());
  }

  private static void addExemplars(ArrayNode into, Set<String> seen, Object[] row) {
    if (!(row[18] instanceof List<?> ids)) {
      return;
    }
    List<?> times = row[19] instanceof List<?> l ? l : List.of();
    List<?> messages = row[20] instanceof List<?> l ? l : List.of();
    for (int k = 0; k < ids.size(); k++) {
      String id = String.valueOf(ids.get(k));
      if (seen.add(id) && seen.size() <= 20) {
        ObjectNode e = into.addObject();
        e.put("eventId", id);
        e.put("eventTime", k < times.size() ? String.valueOf(times.get(k)) : null);
        e.put("message", k < messages.size() ? String.valueOf(messages.get(k)) : null);
      }
    }
  }

  private static int severityRank(String s) {
    return switch (s == null ? "" : s) {
      case "CRITICAL" -> 3;
      case "WARNING" -> 2;
      case "INFO" -> 1;
      default -> 0;
    };
  }

  private static long number(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }

  /** The engine is busy with a long scan: HTTP 503, try again. */
  public static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy(String message) {
      super(message);
    }
  }
}
