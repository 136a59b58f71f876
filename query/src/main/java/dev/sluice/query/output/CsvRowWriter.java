package dev.sluice.query.output;

import java.io.PrintWriter;
import java.util.List;

/** RFC 4180 CSV with a header line; SQL NULL is an empty field. */
final class CsvRowWriter implements RowWriter {
  private final PrintWriter out;

  CsvRowWriter(PrintWriter out, List<String> columns) {
    this.out = out;
    line(columns.toArray());
  }

  @Override
  public void row(Object[] values) {
    Object[] text = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      text[i] = Values.text(values[i]);
    }
    line(text);
  }

  private void line(Object[] fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      String field = fields[i] == null ? "" : fields[i].toString();
      if (field.indexOf(',') >= 0
          || field.indexOf('"') >= 0
          || field.indexOf('\n') >= 0
          || field.indexOf('\r') >= 0) {
        line.append('"').append(field.replace("\"", "\"\"")).append('"');
      } else {
        line.append(field);
      }
    }
    out.print(line.append("\r\n"));
  }

  @Override
  public void finish() {
    out.flush();
  }
}
