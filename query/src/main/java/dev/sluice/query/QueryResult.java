package dev.sluice.query;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * The rows of one query, streamed: each {@link #next()} pulls one row from the engine, which reads
 * storage only as far as needed. Values are plain Java objects: {@code String}, numbers, {@code
 * Boolean}, {@link Instant} for timestamps (UTC), {@code byte[]}, {@code List} and {@code Map}.
 * Close it to stop reading; {@link #statistics()} then tells what the query read.
 */
public final class QueryResult implements AutoCloseable {
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

  private final Release release;
  private final ResultSet resultSet;
  private final List<String> columns;
  private final int[] types;
  private final Supplier<ScanStatistics.Snapshot> statisticsSinceStart;
  private final long startNanos;
  private long rows;
  private Object[] row;
  private ScanStatistics.Snapshot finalStatistics;
  private Duration elapsed;

  QueryResult(
      ResultSet resultSet,
      Release release,
      Supplier<ScanStatistics.Snapshot> statisticsSinceStart,
      long startNanos)
      throws SQLException {
    this.release = release;
    this.resultSet = resultSet;
    this.statisticsSinceStart = statisticsSinceStart;
    this.startNanos = startNanos;
    ResultSetMetaData meta = resultSet.getMetaData();
    List<String> names = new ArrayList<>();
    types = new int[meta.getColumnCount()];
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      names.add(meta.getColumnLabel(i));
      types[i - 1] = meta.getColumnType(i);
    }
    columns = List.copyOf(names);
  }

  /** The column labels, in order. */
  public List<String> columns() {
    return columns;
  }

  /** Moves to the next row; false at the end. */
  public boolean next() {
    try {
      if (!resultSet.next()) {
        row = null;
        return false;
      }
      Object[] values = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        values[i] = value(i + 1, types[i]);
      }
      row = values;
      rows++;
      return true;
    } catch (SQLException | RuntimeException e) {
      throw QueryEngine.explain(e, null);
    }
  }

  /** The current row's values. */
  public Object[] row() {
    return row;
  }

  /** Rows returned so far. */
  public long rowCount() {
    return rows;
  }

  /** Storage work of this query so far (final once closed). */
  public ScanStatistics.Snapshot statistics() {
    return finalStatistics != null ? finalStatistics : statisticsSinceStart.get();
  }

  /** Time since the query started (final once closed). */
  public Duration elapsed() {
    return elapsed != null ? elapsed : Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private Object value(int index, int type) throws SQLException {
    Object value =
        switch (type) {
          case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> {
            java.sql.Timestamp t = resultSet.getTimestamp(index, UTC);
            yield t == null ? null : t.toInstant();
          }
          case Types.DATE -> {
            java.sql.Date d = resultSet.getDate(index, UTC);
            yield d == null ? null : Instant.ofEpochMilli(d.getTime()).toString().substring(0, 10);
          }
          case Types.ARRAY -> {
            Array array = resultSet.getArray(index);
            yield array == null ? null : elements(array);
          }
          default -> resultSet.getObject(index);
        };
    return resultSet.wasNull() ? null : normalize(value);
  }

  /**
   * The elements of an array value. Avatica's {@code getArray()} cannot convert arrays of
   * timestamps, so those are read through the array's one-column result set instead.
   */
  private static List<Object> elements(Array array) throws SQLException {
    if (array.getBaseType() != Types.TIMESTAMP) {
      return new ArrayList<>(java.util.Arrays.asList((Object[]) array.getArray()));
    }
    List<Object> values = new ArrayList<>();
    try (ResultSet elements = array.getResultSet()) {
      while (elements.next()) {
        java.sql.Timestamp t = elements.getTimestamp(1, UTC);
        values.add(t == null ? null : t.toInstant());
      }
    }
    return values;
  }

  private static Object normalize(Object value) {
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof org.apache.calcite.avatica.util.ByteString b) {
      return b.getBytes();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(normalize(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> out.put(normalize(k), normalize(v)));
      return out;
    }
    return value;
  }

  @Override
  public void close() {
    if (finalStatistics == null) {
      elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      boolean closedCleanly = true;
      try {
        resultSet.close();
      } catch (SQLException ignored) {
        closedCleanly = false; // best effort; the scan releases its object on close either way
      }
      release.release(closedCleanly);
      finalStatistics = statisticsSinceStart.get();
    }
  }

  /** What to do with the statement behind a result once the result is closed. */
  @FunctionalInterface
  interface Release {
    /** Called once; {@code reusable} is false when closing the result failed. */
    void release(boolean reusable);
  }
}
