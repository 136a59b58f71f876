package dev.sluice.query.output;

/** Writes result rows in one format; {@link #finish()} flushes whatever is buffered. */
public interface RowWriter {
  void row(Object[] values);

  void finish();
}
