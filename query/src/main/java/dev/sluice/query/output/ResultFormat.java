package dev.sluice.query.output;

import java.io.PrintWriter;
import java.util.List;

/** How rows are printed: an aligned table for people, CSV or JSON lines for tools. */
public enum ResultFormat {
  TABLE,
  CSV,
  JSON;

  /** A writer of this format onto {@code out}. */
  public RowWriter writer(PrintWriter out, List<String> columns) {
    return switch (this) {
      case TABLE -> new TableRowWriter(out, columns);
      case CSV -> new CsvRowWriter(out, columns);
      case JSON -> new JsonRowWriter(out, columns);
    };
  }
}
