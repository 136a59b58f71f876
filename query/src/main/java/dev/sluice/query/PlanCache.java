package dev.sluice.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared statements of recently run query texts, so that running the same SQL again (a dashboard
 * refresh, {@code sluice alert}'s periodic queries, the web UI) skips parsing, validation, planning
 * and code generation, which dominate the time of a query that reads one small partition.
 *
 * <p>Guarantees: a plan holds no data, so every run lists and reads storage afresh, and constant
 * expressions such as {@code CURRENT_TIMESTAMP} and partition pruning are evaluated per run. A
 * statement serves one result at a time: a text run again while its earlier result is still open
 * gets a statement of its own. Bounded: at most {@value #MAX_TEXTS} texts (least recently used
 * dropped first), each with at most {@value #MAX_IDLE_PER_TEXT} idle statements.
 */
final class PlanCache implements AutoCloseable {
  static final int MAX_TEXTS = 64;
  static final int MAX_IDLE_PER_TEXT = 2;

  private final Connection connection;
  private final Map<String, Deque<PreparedStatement>> idle =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<PreparedStatement>> eldest) {
          if (size() > MAX_TEXTS) {
            eldest.getValue().forEach(PlanCache::closeQuietly);
            return true;
          }
          return false;
        }
      };
  private boolean closed;

  PlanCache(Connection connection) {
    this.connection = connection;
  }

  /** An idle prepared statement for {@code sql}, or a newly prepared one. */
  PreparedStatement take(String sql) throws SQLException {
    synchronized (this) {
      Deque<PreparedStatement> statements = idle.get(sql);
      PreparedStatement statement = statements == null ? null : statements.poll();
      if (statement != null) {
        return statement;
      }
    }
    return connection.prepareStatement(sql); // planning outside the lock
  }

  /**
   * Takes back a statement whose result was closed normally; it is closed instead when the cache is
   * full for its text or closed itself, or when {@code reusable} is false (it failed).
   */
  void give(String sql, PreparedStatement statement, boolean reusable) {
    synchronized (this) {
      if (reusable && !closed) {
        Deque<PreparedStatement> statements = idle.computeIfAbsent(sql, k -> new ArrayDeque<>());
        if (statements.size() < MAX_IDLE_PER_TEXT) {
          statements.push(statement);
          return;
        }
      }
    }
    closeQuietly(statement);
  }

  /** Closes every idle statement; statements given back later are closed too. */
  @Override
  public synchronized void close() {
    closed = true;
    idle.values().forEach(statements -> statements.forEach(PlanCache::closeQuietly));
    idle.clear();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // a statement that cannot close holds nothing we could release otherwise
    }
  }
}
