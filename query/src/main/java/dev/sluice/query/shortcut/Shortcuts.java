package dev.sluice.query.shortcut;

import dev.sluice.model.Level;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The SQL behind the everyday questions ({@code sluice query logs|anomalies|stats|explain}). Every
 * time bound becomes a literal on the table's partition-time column, so the engine prunes to the
 * hours asked for. Values are quoted as SQL string literals, never spliced raw.
 */
public final class Shortcuts {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private Shortcuts() {}

  /**
   * Recent log lines, newest first: of {@code service} (all when null), at {@code minLevel} or more
   * severe (all when null), whose message contains {@code grep} ignoring case (all when null), with
   * event time at or after {@code since}.
   */
  public static String logs(String service, Level minLevel, Instant since, String grep, int limit) {
    List<String> where = new ArrayList<>();
    where.add("eventTime >= " + timestamp(since));
    if (service != null) {
      where.add("service = " + quote(service));
    }
    if (minLevel != null) {
      where.add("level IN (" + quoteAll(levelsFrom(minLevel)) + ")");
    }
    if (grep != null && !grep.isEmpty()) {
      where.add("POSITION(" + quote(grep.toLowerCase(Locale.ROOT)) + " IN LOWER(message)) > 0");
    }
    return "SELECT eventTime, service, host, level, message, id FROM logs WHERE "
        + String.join(" AND ", where)
        + " ORDER BY eventTime DESC LIMIT "
        + limit;
  }

  /** Anomalies whose window started at or after {@code since}, newest first. */
  public static String anomalies(String service, Instant since, int limit) {
    String where = "windowStart >= " + timestamp(since);
    if (service != null) {
      where += " AND service = " + quote(service);
    }
    return "SELECT windowStart, windowEnd, id, kind, status, severity, service, host, endpoint,"
        + " observed, expected, score, description FROM anomalies WHERE "
        + where
        + " ORDER BY windowStart DESC, id LIMIT "
        + limit;
  }

  /** Window stats of {@code service} (all when null) since {@code since}, oldest first. */
  public static String stats(String service, Instant since, int limit) {
    String where = "windowStart >= " + timestamp(since);
    if (service != null) {
      where += " AND service = " + quote(service);
    }
    return "SELECT windowStart, windowEnd, service, host, \"count\", errorCount, lateEvents,"
        + " latencyP50Ms, latencyP95Ms, latencyP99Ms, distinctClients, revision FROM stats WHERE "
        + where
        + " ORDER BY windowStart, service, host NULLS FIRST, revision LIMIT "
        + limit;
  }

  /** Every stored version of one anomaly (OPEN, UPDATED, RESOLVED), latest last. */
  public static String anomaly(String id) {
    return "SELECT * FROM anomalies WHERE id = " + quote(id) + " ORDER BY detectedAt, status";
  }

  /**
   * The raw log lines of {@code service} from {@code from} (inclusive) to {@code to} (exclusive),
   * oldest first, with {@code exemplar} = '*' on the anomaly's exemplar events.
   */
  public static String logsAround(
      String service, Instant from, Instant to, Collection<String> exemplarIds, int limit) {
    String exemplar =
        exemplarIds.isEmpty()
            ? "''"
            : "CASE WHEN id IN (" + quoteAll(exemplarIds) + ") THEN '*' ELSE '' END";
    return "SELECT "
        + exemplar
        + " AS exemplar, eventTime, host, level, message, id FROM logs WHERE service = "
        + quote(service)
        + " AND eventTime >= "
        + timestamp(from)
        + " AND eventTime < "
        + timestamp(to)
        + " ORDER BY eventTime, id LIMIT "
        + limit;
  }

  /** A SQL string literal. */
  public static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** A SQL TIMESTAMP literal (UTC). */
  public static String timestamp(Instant instant) {
    return "TIMESTAMP '" + TIMESTAMP.format(instant) + "'";
  }

  private static String quoteAll(Collection<String> values) {
    return values.stream().map(Shortcuts::quote).collect(Collectors.joining(", "));
  }

  private static List<String> levelsFrom(Level min) {
    List<Level> ordered =
        Arrays.asList(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR, Level.FATAL);
    int from = ordered.indexOf(min);
    if (from < 0) {
      return List.of(min.name());
    }
    return ordered.subList(from, ordered.size()).stream().map(Level::name).toList();
  }
}
