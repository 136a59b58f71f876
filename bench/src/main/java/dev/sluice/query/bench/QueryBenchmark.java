package dev.sluice.query.bench;

import dev.sluice.model.LogEvent;
import dev.sluice.model.layout.PartFilePath.Partition;
import dev.sluice.query.QueryConfig;
import dev.sluice.query.QueryEngine;
import dev.sluice.query.QueryResult;
import dev.sluice.query.sample.SyntheticLogs;
import io.minio.MinioClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;

/**
 * {@code sluice bench query}: stores a {@code logs} table of N synthetic events over days × hours ×
 * services partitions through a {@link LogStore} (the real sink, so the objects are the
 * pipeline's), then measures, in the same run and on the same objects, the engine against {@link
 * PlainAvroScan} (list everything, stream and decode every record with the plain Avro reader,
 * filter and aggregate in Java): rows per second of a full-scan aggregate, and the time of a query
 * for one service and one hour. Each figure is the median of several runs after a warm-up; both
 * sides' answers are compared, and a disagreement fails the benchmark.
 */
public final class QueryBenchmark {
  static final Instant FIRST_DAY = Instant.parse("2026-01-05T00:00:00Z");

  /** What to generate and how often to measure. */
  public record Options(int events, int days, int services, int repeats) {
    public Options {
      if (events < 1 || days < 1 || days > 366 || services < 1 || repeats < 1) {
        throw new IllegalArgumentException(
            "events, days (1-366), services and repeats must all be at least 1");
      }
    }

    int partitions() {
      return days * 24 * services;
    }
  }

  /** The measured figures. */
  public record Report(
      Options options,
      int objects,
      long storedBytes,
      double engineScanRowsPerSecond,
      double baselineScanRowsPerSecond,
      double enginePrunedMillis,
      double baselinePrunedMillis,
      long prunedRows) {

    /** Engine rows/s over baseline rows/s (above 1: the engine scans faster). */
    public double scanRatio() {
      return engineScanRowsPerSecond / baselineScanRowsPerSecond;
    }

    /** Baseline time over engine time for the pruned query (above 1: the engine is faster). */
    public double prunedSpeedup() {
      return baselinePrunedMillis / enginePrunedMillis;
    }

    public void print(PrintWriter out) {
      out.printf(
          Locale.ROOT,
          "stored table: %,d events in %,d objects (%d days x 24 hours x %d services, zstd), %.1f MiB%n",
          options.events(),
          objects,
          options.days(),
          options.services(),
          storedBytes / (1024.0 * 1024));
      out.printf(Locale.ROOT, "median of %d runs after a warm-up%n%n", options.repeats());
      out.printf(
          Locale.ROOT, "%-40s %18s %18s %12s%n", "", "sluice query", "plain Avro scan", "ratio");
      out.printf(
          Locale.ROOT,
          "%-40s %18s %18s %11.2fx%n",
          "full-scan aggregate, rows/s",
          String.format(Locale.ROOT, "%,.0f", engineScanRowsPerSecond),
          String.format(Locale.ROOT, "%,.0f", baselineScanRowsPerSecond),
          scanRatio());
      out.printf(
          Locale.ROOT,
          "%-40s %18s %18s %11.2fx%n",
          "one service, one hour (" + prunedRows + " rows), ms",
          String.format(Locale.ROOT, "%,.1f", enginePrunedMillis),
          String.format(Locale.ROOT, "%,.1f", baselinePrunedMillis),
          prunedSpeedup());
      out.println();
      out.println(
          "ratio: rows/s engine / baseline; for the pruned query, baseline time / engine time");
      out.flush();
    }
  }

  /**
   * Stores log events into the {@code logs} table of the benchmark's bucket as the pipeline does:
   * in {@code sluice bench query} and its test, the S3 sink's own writer and committer. The events
   * arrive partition by partition; one object per partition is expected.
   */
  @FunctionalInterface
  public interface LogStore {
    /** Stores every event, committed when this returns. */
    void store(Iterator<LogEvent> events) throws Exception;
  }

  private QueryBenchmark() {}

  /**
   * Generates the table into {@code config}'s bucket (which must exist and be empty) and measures.
   */
  public static Report run(
      QueryConfig config, Options options, LogStore store, PrintWriter progress) throws Exception {
    MinioClient client = QueryEngine.client(config);
    progress.printf(
        Locale.ROOT,
        "writing %,d events into %,d partitions …%n",
        options.events(),
        options.partitions());
    progress.flush();
    store.store(generate(options));
    long storedBytes = new PlainAvroScan(client, config.bucket()).storedBytes();
    PlainAvroScan baseline = new PlainAvroScan(client, config.bucket());

    String scanSql =
        "SELECT service, level, COUNT(*) AS events, SUM(http_bytes) AS bytes FROM logs"
            + " GROUP BY service, level";
    Partition target = Partition.byTimeAndService(FIRST_DAY.plusSeconds(7 * 3_600L), service(0));
    String prunedSql =
        "SELECT level, COUNT(*) AS events, SUM(http_bytes) AS bytes FROM logs WHERE service = '"
            + target.service()
            + "' AND dt = '"
            + target.dt()
            + "' AND \"hour\" = "
            + target.hour()
            + " GROUP BY level";

    try (QueryEngine engine = QueryEngine.connect(config)) {
      progress.println("measuring the full-scan aggregate …");
      progress.flush();
      Map<String, long[]> engineScan = engineAggregate(engine, scanSql, 2);
      Map<String, long[]> baselineScan = baseline.aggregate(null);
      check("full-scan aggregate", engineScan, baselineScan);
      double engineScanMs = median(options.repeats(), () -> engineAggregate(engine, scanSql, 2));
      double baselineScanMs = median(options.repeats(), () -> baseline.aggregate(null));

      progress.println("measuring the one-service, one-hour query …");
      progress.flush();
      Map<String, long[]> enginePruned = engineAggregate(engine, prunedSql, 1);
      Map<String, long[]> baselinePruned = baseline.aggregate(target);
      check("pruned query", enginePruned, baselinePruned);
      double enginePrunedMs =
          median(options.repeats(), () -> engineAggregate(engine, prunedSql, 1));
      double baselinePrunedMs = median(options.repeats(), () -> baseline.aggregate(target));

      long prunedRows = enginePruned.values().stream().mapToLong(v -> v[0]).sum();
      return new Report(
          options,
          baseline.objectCount(),
          storedBytes,
          options.events() / (engineScanMs / 1000),
          options.events() / (baselineScanMs / 1000),
          enginePrunedMs,
          baselinePrunedMs,
          prunedRows);
    }
  }

  static String service(int i) {
    return "service-" + i;
  }

  /** The events, partition by partition: day, hour, service; the remainder spread evenly. */
  private static Iterator<LogEvent> generate(Options options) {
    int partitions = options.partitions();
    List<Iterator<LogEvent>> parts = new ArrayList<>();
    int p = 0;
    for (int d = 0; d < options.days(); d++) {
      for (int h = 0; h < 24; h++) {
        long hourStart = FIRST_DAY.toEpochMilli() + (d * 24L + h) * 3_600_000L;
        for (int s = 0; s < options.services(); s++) {
          int count = options.events() / partitions + (p < options.events() % partitions ? 1 : 0);
          p++;
          if (count > 0) {
            parts.add(SyntheticLogs.hour(service(s), hourStart, count, p));
          }
        }
      }
    }
    return parts.stream()
        .flatMap(it -> StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, 0), false))
        .iterator();
  }

  /** Runs an aggregate whose first {@code keys} columns are the group key, then count and bytes. */
  private static Map<String, long[]> engineAggregate(QueryEngine engine, String sql, int keys) {
    Map<String, long[]> groups = new TreeMap<>();
    try (QueryResult result = engine.execute(sql)) {
      while (result.next()) {
        Object[] row = result.row();
        String key = String.join("|", Arrays.stream(row, 0, keys).map(String::valueOf).toList());
        if (keys == 1) {
          key = "|" + key; // the pruned query groups by level only; baseline keys are service|level
        }
        groups.put(
            key,
            new long[] {
              ((Number) row[keys]).longValue(),
              row[keys + 1] == null ? 0 : ((Number) row[keys + 1]).longValue()
            });
      }
    }
    return groups;
  }

  private static void check(String what, Map<String, long[]> engine, Map<String, long[]> baseline) {
    Map<String, List<Long>> a = new TreeMap<>();
    engine.forEach((k, v) -> a.put(k, List.of(v[0], v[1])));
    Map<String, List<Long>> b = new TreeMap<>();
    baseline.forEach((k, v) -> b.put(k, List.of(v[0], v[1])));
    if (!a.equals(b)) {
      throw new IllegalStateException(
          what + ": the engine and the baseline disagree: " + a + " vs " + b);
    }
  }

  private static double median(int repeats, Callable<?> work) throws Exception {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      long start = System.nanoTime();
      work.call();
      millis.add((System.nanoTime() - start) / 1e6);
    }
    millis.sort(Double::compare);
    return millis.get(millis.size() / 2);
  }
}
