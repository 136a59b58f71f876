package dev.sluice.processing.bench;

import dev.sluice.query.QueryConfig;
import dev.sluice.query.QueryEngine;
import dev.sluice.query.QueryResult;
import dev.sluice.query.shortcut.Shortcuts;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks the query engine that {@code sluice query} runs which probe lines the {@code logs} table
 * holds, and records when each was first seen.
 *
 * <p>Each {@link #poll()} is one SQL query, which lists the table's objects afresh (the engine
 * keeps no listing between queries), so what it sees is what a {@code sluice query} started at that
 * moment would see. A probe counts as seen at the {@link System#nanoTime()} when the query that
 * first returned it had returned all its rows.
 */
final class ProbePoller implements AutoCloseable {
  private final QueryEngine engine;
  private final String sql;
  private final String marker;
  private final Map<Integer, Long> seen = new HashMap<>();
  private final List<Long> pollNanos = new ArrayList<>();

  /**
   * @param since no probe is older: the query's condition on event time prunes older partitions
   */
  ProbePoller(QueryConfig config, String service, String marker, Instant since) {
    this.engine = QueryEngine.connect(config);
    this.marker = marker;
    this.sql =
        "SELECT message FROM logs WHERE service = "
            + Shortcuts.quote(service)
            + " AND eventTime >= "
            + Shortcuts.timestamp(since.truncatedTo(ChronoUnit.HOURS))
            + " AND message LIKE "
            + Shortcuts.quote(marker + " %");
  }

  /** Runs the query once; returns how many probes were seen for the first time. */
  int poll() {
    long start = System.nanoTime();
    List<Integer> found = new ArrayList<>();
    try (QueryResult result = engine.execute(sql)) {
      while (result.next()) {
        String message = String.valueOf(result.row()[0]);
        found.add(Integer.parseInt(message.substring(marker.length() + 1).trim()));
      }
    }
    long end = System.nanoTime();
    pollNanos.add(end - start);
    int fresh = 0;
    for (int probe : found) {
      if (seen.putIfAbsent(probe, end) == null) {
        fresh++;
      }
    }
    return fresh;
  }

  /** Probe number to the {@link System#nanoTime()} it was first seen at. */
  Map<Integer, Long> seen() {
    return Collections.unmodifiableMap(seen);
  }

  /** The median time one poll took, in milliseconds (0 before the first). */
  double medianPollMillis() {
    if (pollNanos.isEmpty()) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(pollNanos);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2) / 1e6;
  }

  int polls() {
    return pollNanos.size();
  }

  @Override
  public void close() {
    engine.close();
  }
}
