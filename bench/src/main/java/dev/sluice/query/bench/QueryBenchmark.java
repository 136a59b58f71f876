package dev.sluice.query.bench;

import dev.sluice.model.LogEvent;
import dev.sluice.model.layout.PartFilePath.Partition;
import dev.sluice.query.QueryConfig;
import dev.sluice.query.QueryEngine;
import dev.sluice.query.QueryResult;
import dev.sluice.query.sample.SyntheticLogs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * pipeline's), then measures, in the same run and on the same objects, the engine against the plain
 * readers of {@link PlainAvroScan} (the Avro reader projected to the fields the question needs, a
 * plain loop): rows per second of a full-scan aggregate against a reader of every object, and the
 * time of a query for one service and one hour against a reader that lists only that partition's
 * prefix. The sides run interleaved over rounds after a warm-up, each figure is the median, and the
 * 1-minute load average is reported beside them; both sides' answers are compared, and a
 * disagreement fails the benchmark.
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

  /**
   * The measured figures: medians over the rounds, in milliseconds of wall time and of CPU time of
   * the thread that runs the query or the plain loop (decoding and aggregating happen there; the
   * embedded S3 server's and the HTTP client's threads are not counted on either side, so CPU time
   * is the figure least disturbed by other load on the machine), and the 1-minute load average
   * (/proc/loadavg) before and after measuring.
   */
  public record Report(
      Options options,
      int objects,
      long storedBytes,
      int prunedObjects,
      long prunedRows,
      double engineScanMillis,
      double plainScanMillis,
      double enginePrunedMillis,
      double plainPrunedMillis,
      double engineScanCpuMillis,
      double plainScanCpuMillis,
      double enginePrunedCpuMillis,
      double plainPrunedCpuMillis,
      double loadBefore,
      double loadAfter) {

    public double engineScanRowsPerSecond() {
      return options.events() / (engineScanMillis / 1000);
    }

    public double plainScanRowsPerSecond() {
      return options.events() / (plainScanMillis / 1000);
    }

    /** Engine rows/s over the plain projected reader's (1 or more: the engine is as fast). */
    public double scanRatio() {
      return engineScanRowsPerSecond() / plainScanRowsPerSecond();
    }

    /** Engine time over the plain prefix reader's time (1 or less: the engine is as fast). */
    public double prunedTimeRatio() {
      return enginePrunedMillis / plainPrunedMillis;
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
      out.printf(
          Locale.ROOT,
          "%d rounds, each side once per round, interleaved (order alternating), after a warm-up;"
              + " medians; 1-min load average %.2f before, %.2f after%n%n",
          options.repeats(),
          loadBefore,
          loadAfter);
      out.printf(Locale.ROOT, "%-44s %14s %22s %8s%n", "", "sluice query", "plain reader", "ratio");
      out.printf(
          Locale.ROOT,
          "%-44s %14s %22s %7.2fx%n",
          "full-scan aggregate, rows/s",
          String.format(Locale.ROOT, "%,.0f", engineScanRowsPerSecond()),
          String.format(Locale.ROOT, "%,.0f", plainScanRowsPerSecond()),
          scanRatio());
      out.printf(
          Locale.ROOT,
          "%-44s %14s %22s %7.2fx%n",
          "  (ms)",
          String.format(Locale.ROOT, "%,.1f", engineScanMillis),
          String.format(Locale.ROOT, "%,.1f", plainScanMillis),
          plainScanMillis / engineScanMillis);
      out.printf(
          Locale.ROOT,
          "%-44s %14s %22s %7.2fx%n",
          "  (CPU ms of the querying thread)",
          String.format(Locale.ROOT, "%,.1f", engineScanCpuMillis),
          String.format(Locale.ROOT, "%,.1f", plainScanCpuMillis),
          plainScanCpuMillis / engineScanCpuMillis);
      out.printf(
          Locale.ROOT,
          "%-44s %14s %22s %7.2fx%n",
          "one service, one hour (" + prunedRows + " rows), ms",
          String.format(Locale.ROOT, "%,.1f", enginePrunedMillis),
          String.format(Locale.ROOT, "%,.1f", plainPrunedMillis),
          prunedTimeRatio());
      out.printf(
          Locale.ROOT,
          "%-44s %14s %22s %7.2fx%n",
          "  (CPU ms of the querying thread)",
          String.format(Locale.ROOT, "%,.1f", enginePrunedCpuMillis),
          String.format(Locale.ROOT, "%,.1f", plainPrunedCpuMillis),
          enginePrunedCpuMillis / plainPrunedCpuMillis);
      out.println();
      out.println(
          "plain reader: the Avro reader with a reader schema of only service, level and"
              + " http.bytes, aggregating in a plain loop;");
      out.printf(
          Locale.ROOT,
          "  full scan: lists and reads all %d objects; one hour: lists only its one prefix and"
              + " reads its %d object(s)%n",
          objects,
          prunedObjects);
      out.println(
          "ratio: full scan, engine rows/s / plain rows/s, i.e. plain ms / engine ms (goal >= 0.7);"
              + " one hour, engine ms / plain ms (goal <= 2)");
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
    PlainAvroScan plain = new PlainAvroScan(client, config.bucket());
    long storedBytes = plain.storedBytes();

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
      progress.println("warming up and comparing answers …");
      progress.flush();
      Map<String, long[]> enginePruned = engineAggregate(engine, prunedSql, 1);
      check("pruned query", enginePruned, plain.scanPartition(target));
      check("full-scan aggregate", engineAggregate(engine, scanSql, 2), plain.scanAll());

      double loadBefore = loadAverage();
      progress.printf(Locale.ROOT, "measuring %d interleaved rounds …%n", options.repeats());
      progress.flush();
      List<Callable<?>> sides =
          List.of(
              () -> engineAggregate(engine, scanSql, 2),
              plain::scanAll,
              () -> engineAggregate(engine, prunedSql, 1),
              () -> plain.scanPartition(target));
      List<List<Double>> millis = new ArrayList<>();
      List<List<Double>> cpuMillis = new ArrayList<>();
      sides.forEach(
          s -> {
            millis.add(new ArrayList<>());
            cpuMillis.add(new ArrayList<>());
          });
      for (int round = 0; round < options.repeats(); round++) {
        // engine first in even rounds, baseline first in odd ones, so neither always runs warmer
        for (int pair = 0; pair < 2; pair++) {
          for (int k = 0; k < 2; k++) {
            int side = 2 * pair + (round % 2 == 0 ? k : 1 - k);
            double[] spent = time(sides.get(side));
            millis.get(side).add(spent[0]);
            cpuMillis.get(side).add(spent[1]);
          }
        }
      }
      double loadAfter = loadAverage();

      long prunedRows = enginePruned.values().stream().mapToLong(v -> v[0]).sum();
      return new Report(
          options,
          plain.objectCount(null),
          storedBytes,
          plain.objectCount(target),
          prunedRows,
          median(millis.get(0)),
          median(millis.get(1)),
          median(millis.get(2)),
          median(millis.get(3)),
          median(cpuMillis.get(0)),
          median(cpuMillis.get(1)),
          median(cpuMillis.get(2)),
          median(cpuMillis.get(3)),
          loadBefore,
          loadAfter);
    }
  }

  /** The 1-minute load average, or NaN where /proc/loadavg cannot be read. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
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

  /** Wall and current-thread CPU milliseconds of one run. */
  private static double[] time(Callable<?> work) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    work.call();
    long wall = System.nanoTime() - start;
    return new double[] {wall / 1e6, (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6};
  }

  private static double median(List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
