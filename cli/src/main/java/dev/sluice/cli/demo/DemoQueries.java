package dev.sluice.cli.demo;

import dev.sluice.ingest.demo.GroundTruth;
import dev.sluice.ingest.demo.IncidentKind;
import dev.sluice.query.QueryConfig;
import dev.sluice.query.QueryEngine;
import dev.sluice.query.QueryResult;
import dev.sluice.query.output.ResultFormat;
import dev.sluice.query.output.ResultPrinter;
import dev.sluice.query.shortcut.Shortcuts;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The example queries the demo runs over what it stored, with the engine {@code sluice query} uses:
 * events and errors per service, the error rate per minute around the injected error burst, and the
 * anomalies table. Prints each query's SQL, its rows as a table and the engine's one-line summary.
 *
 * <p>Guarantees: returns the row count of each query in the order printed; a failing query is
 * reported in its place and counts -1 rows, it does not end the demo.
 */
public final class DemoQueries {
  /** One query and what it is for. */
  public record Example(String title, String sql) {}

  private DemoQueries() {}

  /** The queries for a demo whose ground truth is {@code injected}. */
  public static List<Example> examples(List<GroundTruth.Entry> injected) {
    List<Example> examples = new ArrayList<>();
    examples.add(
        new Example(
            "Events and errors per service (the logs table)",
            "SELECT service, COUNT(*) AS events,"
                + " SUM(CASE WHEN level IN ('ERROR', 'FATAL') THEN 1 ELSE 0 END) AS errors"
                + " FROM logs GROUP BY service ORDER BY service"));
    injected.stream()
        .filter(e -> e.incident() == IncidentKind.ERROR_BURST)
        .findFirst()
        .ifPresent(
            burst ->
                examples.add(
                    new Example(
                        "Error rate per minute of "
                            + burst.service()
                            + " around its injected error burst",
                        "SELECT FLOOR(eventTime TO MINUTE) AS \"minute\", COUNT(*) AS events,"
                            + " SUM(CASE WHEN level IN ('ERROR', 'FATAL') THEN 1 ELSE 0 END)"
                            + " AS errors, ROUND(100.0 * SUM(CASE WHEN level IN ('ERROR', 'FATAL')"
                            + " THEN 1 ELSE 0 END) / COUNT(*), 1) AS error_pct FROM logs"
                            + " WHERE service = "
                            + Shortcuts.quote(burst.service())
                            + " AND eventTime >= "
                            + Shortcuts.timestamp(burst.start().minus(Duration.ofMinutes(2)))
                            + " AND eventTime < "
                            + Shortcuts.timestamp(burst.end().plus(Duration.ofMinutes(2)))
                            + " GROUP BY FLOOR(eventTime TO MINUTE) ORDER BY 1")));
    examples.add(
        new Example(
            "The anomalies table (OPEN records)",
            "SELECT windowStart, kind, service, host, severity, ROUND(score, 1) AS score"
                + " FROM anomalies WHERE status = 'OPEN' ORDER BY windowStart, kind"));
    return examples;
  }

  /** Runs and prints {@code examples}; returns their row counts (-1 for a failed one). */
  public static List<Long> run(QueryConfig config, List<Example> examples, PrintWriter out) {
    List<Long> counts = new ArrayList<>();
    try (QueryEngine engine = QueryEngine.connect(config)) {
      for (Example e : examples) {
        out.println();
        out.println(e.title() + ":");
        out.println("  " + e.sql());
        try (QueryResult result = engine.execute(e.sql())) {
          ResultPrinter.print(result, ResultFormat.TABLE, out);
          result.close();
          out.println("(" + ResultPrinter.summary(result) + ")");
          counts.add(result.rowCount());
        } catch (RuntimeException failed) {
          out.println("  the query failed: " + failed.getMessage());
          counts.add(-1L);
        }
        out.flush();
      }
    }
    return counts;
  }
}
