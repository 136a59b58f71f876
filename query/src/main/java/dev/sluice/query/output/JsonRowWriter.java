package dev.sluice.query.output;

import java.io.PrintWriter;
import java.util.List;

/** JSON lines: one object per row, keyed by column label; SQL NULL is JSON null. */
final class JsonRowWriter implements RowWriter {
  private final PrintWriter out;
  private final List<String> columns;

  JsonRowWriter(PrintWriter out, List<String> columns) {
    this.out = out;
    this.columns = columns;
  }

  @Override
  public void row(Object[] values) {
    StringBuilder line = new StringBuilder("{");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      Values.appendString(line, columns.get(i));
      line.append(':');
      Values.appendJson(line, values[i]);
    }
    out.println(line.append('}'));
  }

  @Override
  public void finish() {
    out.flush();
  }
}
