package dev.sluice.query.shortcut;

import dev.sluice.query.QueryEngine;
import dev.sluice.query.QueryException;
import dev.sluice.query.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code sluice query explain <id>} shows: the anomaly (its latest stored version, as column →
 * value) and the SQL for the raw log lines of its service from {@code margin} before its window to
 * {@code margin} after, exemplars marked.
 */
public record AnomalyExplanation(Map<String, Object> anomaly, String logsSql) {

  /**
   * Looks the anomaly up.
   *
   * @throws QueryException of kind INVALID_QUERY when no anomaly has this id
   */
  @SuppressWarnings("unchecked")
  public static AnomalyExplanation of(QueryEngine engine, String id, Duration margin, int limit) {
    Map<String, Object> latest = null;
    try (QueryResult result = engine.execute(Shortcuts.anomaly(id))) {
      while (result.next()) {
        latest = new LinkedHashMap<>();
        for (int i = 0; i < result.columns().size(); i++) {
          latest.put(result.columns().get(i), result.row()[i]);
        }
      }
    }
    if (latest == null) {
      throw new QueryException(
          QueryException.Kind.INVALID_QUERY,
          "no anomaly has id '"
              + id
              + "': list recent ones with 'sluice query anomalies --since 1d'",
          null);
    }
    Instant start = (Instant) latest.get("windowStart");
    Instant end = (Instant) latest.get("windowEnd");
    List<String> exemplars = new ArrayList<>();
    Object ids = latest.get("exemplars_eventId");
    if (ids instanceof List<?> list) {
      list.forEach(x -> exemplars.add(String.valueOf(x)));
    }
    String sql =
        Shortcuts.logsAround(
            (String) latest.get("service"),
            start.minus(margin),
            end.plus(margin),
            exemplars,
            limit);
    return new AnomalyExplanation(latest, sql);
  }
}
