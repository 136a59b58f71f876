package dev.sluice.query.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * An aligned text table. Column widths come from the first {@value #BATCH} rows, which are
 * buffered; later rows are printed as they come with the same widths, so memory stays bounded.
 * Cells wider than {@value #MAX_WIDTH} characters are cut with an ellipsis; line breaks show as
 * {@code ⏎}.
 */
final class TableRowWriter implements RowWriter {
  static final int BATCH = 1000;
  static final int MAX_WIDTH = 100;

  private final PrintWriter out;
  private final List<String> columns;
  private final List<String[]> buffer = new ArrayList<>();
  private int[] widths;

  TableRowWriter(PrintWriter out, List<String> columns) {
    this.out = out;
    this.columns = columns;
  }

  @Override
  public void row(Object[] values) {
    String[] cells = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      String text = Values.text(values[i]);
      cells[i] = cell(text == null ? "NULL" : text);
    }
    if (widths != null) {
      print(cells);
      return;
    }
    buffer.add(cells);
    if (buffer.size() >= BATCH) {
      flushBuffer();
    }
  }

  @Override
  public void finish() {
    if (widths == null && !buffer.isEmpty()) {
      flushBuffer();
    }
    out.flush();
  }

  private void flushBuffer() {
    widths = new int[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = columns.get(i).length();
    }
    for (String[] cells : buffer) {
      for (int i = 0; i < cells.length; i++) {
        widths[i] = Math.max(widths[i], cells[i].length());
      }
    }
    print(columns.toArray(new String[0]));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      if (i > 0) {
        rule.append("-+-");
      }
      rule.append("-".repeat(widths[i]));
    }
    out.println(rule);
    buffer.forEach(this::print);
    buffer.clear();
  }

  private void print(String[] cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append(" | ");
      }
      line.append(cells[i]);
      if (i < cells.length - 1) {
        line.append(" ".repeat(Math.max(0, widths[i] - cells[i].length())));
      }
    }
    out.println(line.toString().stripTrailing());
  }

  private static String cell(String text) {
    String oneLine = text.replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎');
    return oneLine.length() > MAX_WIDTH ? oneLine.substring(0, MAX_WIDTH - 1) + "…" : oneLine;
  }
}
