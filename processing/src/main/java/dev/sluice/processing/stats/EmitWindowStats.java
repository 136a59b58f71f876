package dev.sluice.processing.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import dev.sluice.model.Level;
import dev.sluice.model.PathCount;
import dev.sluice.model.WindowStats;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a window's {@link WindowAccumulator} into a {@link WindowStats} record: counts per level
 * and status class, errors, bytes, latency quantiles and max, the serialized latency sketch,
 * distinct clients and the top paths. Emits revision 0; {@link AssignRevisions} numbers updates.
 * Keeps no state of its own.
 */
public final class EmitWindowStats
    extends ProcessWindowFunction<WindowAccumulator, WindowStats, StatsKey, TimeWindow> {
  private static final long serialVersionUID = 1L;
  private static final Level[] LEVELS = Level.values();

  private final int topPaths;

  /**
   * @param topPaths how many of the most frequent paths each record lists
   */
  public EmitWindowStats(int topPaths) {
    this.topPaths = topPaths;
  }

  @Override
  public void process(
      StatsKey key, Context context, Iterable<WindowAccumulator> accs, Collector<WindowStats> out) {
    for (WindowAccumulator acc : accs) {
      out.collect(toStats(key, context.window(), acc, topPaths));
    }
  }

  /** The stats record of one window (for benchmarks that replay the job's windows). */
  public static WindowStats toStats(
      StatsKey key, TimeWindow window, WindowAccumulator acc, int topN) {
    Map<String, Long> levels = new LinkedHashMap<>();
    for (int i = 0; i < acc.levelCounts.length; i++) {
      if (acc.levelCounts[i] > 0) {
        levels.put(LEVELS[i].name(), acc.levelCounts[i]);
      }
    }
    Map<String, Long> statuses = new LinkedHashMap<>();
    for (int i = 0; i < acc.statusClasses.length; i++) {
      if (acc.statusClasses[i] > 0) {
        statuses.put((i + 1) + "xx", acc.statusClasses[i]);
      }
    }
    WindowStats.Builder b =
        WindowStats.newBuilder()
            .setService(key.service)
            .setHost(key.host)
            .setWindowStart(Instant.ofEpochMilli(window.getStart()))
            .setWindowEnd(Instant.ofEpochMilli(window.getEnd()))
            .setRevision(0)
            .setCount(acc.count)
            .setCountByLevel(levels)
            .setErrorCount(acc.errorCount)
            .setBytes(acc.responseBytes)
            .setMessageBytes(acc.messageBytes)
            .setStatusClasses(statuses)
            .setLateEvents(0)
            .setTopPaths(topPaths(acc.paths, topN));
    DDSketch latency = acc.latency;
    if (latency != null && !latency.isEmpty()) {
      double[] q = latency.getValuesAtQuantiles(new double[] {0.5, 0.95, 0.99});
      b.setLatencyCount(Math.round(latency.getCount()))
          .setLatencyP50Ms(q[0])
          .setLatencyP95Ms(q[1])
          .setLatencyP99Ms(q[2])
          .setLatencyMaxMs(acc.latencyMax)
          .setLatencySketch(ByteBuffer.wrap(acc.latencyBytes()));
    } else {
      b.setLatencyCount(0);
    }
    if (acc.clients != null && !acc.clients.isEmpty()) {
      b.setDistinctClients(Math.round(acc.clients.getEstimate()));
    }
    return b.build();
  }

  private static List<PathCount> topPaths(ItemsSketch<String> paths, int topN) {
    if (paths == null || paths.isEmpty()) {
      return new ArrayList<>();
    }
    ItemsSketch.Row<String>[] rows = paths.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
    List<PathCount> top = new ArrayList<>();
    Arrays.stream(rows)
        .sorted(
            Comparator.comparingLong((ItemsSketch.Row<String> r) -> r.getEstimate())
                .reversed()
                .thenComparing(ItemsSketch.Row::getItem))
        .limit(topN)
        .forEach(r -> top.add(new PathCount(r.getItem(), r.getEstimate())));
    return top;
  }
}
