package dev.sluice.query.output;

import dev.sluice.query.QueryResult;
import dev.sluice.query.ScanStatistics;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints a query's rows on one stream and a one-line summary (row count, elapsed time, what was
 * read) on another, so tools can read the rows while people see the summary.
 */
public final class ResultPrinter {
  private ResultPrinter() {}

  /** Streams every row of {@code result} to {@code out}; returns the number of rows. */
  public static long print(QueryResult result, ResultFormat format, PrintWriter out) {
    RowWriter writer = format.writer(out, result.columns());
    while (result.next()) {
      writer.row(result.row());
    }
    writer.finish();
    return result.rowCount();
  }

  /** "3 rows in 0.42 s (read 2 objects, 1.2 MB)" or "no rows matched …". */
  public static String summary(QueryResult result) {
    ScanStatistics.Snapshot s = result.statistics();
    String read =
        String.format(
            Locale.ROOT,
            "read %d object%s, %s",
            s.objectsOpened(),
            s.objectsOpened() == 1 ? "" : "s",
            bytes(s.bytesRead()));
    String time = String.format(Locale.ROOT, "%.2f s", result.elapsed().toNanos() / 1e9);
    if (result.rowCount() == 0) {
      return "no rows matched, in " + time + " (" + read + ")";
    }
    return result.rowCount()
        + (result.rowCount() == 1 ? " row" : " rows")
        + " in "
        + time
        + " ("
        + read
        + ")";
  }

  /** A value as the table and CSV formats show it (timestamps ISO-8601 UTC, lists as JSON). */
  public static String text(Object value) {
    return Values.text(value);
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    if (n < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", n / (1024.0 * 1024 * 1024));
  }
}
