package dev.sluice.ingest.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipping benchmark behind {@code sluice bench ship}: for a combined access log and for JSON
 * logs of N lines each, ships the file to Kafka with the shipper and with a plain kafka-clients
 * producer of the raw lines (the baseline), each in a fresh JVM of the same heap size, one after
 * the other in the same run (alternating, best of {@code rounds} per side), and reports lines/s,
 * MiB/s (of input), CPU time and peak resident memory of both, with their ratio.
 */
public final class ShipBenchmark {
  private static final Pattern RESULT =
      Pattern.compile(
          "RESULT lines=(\\d+) bytes=(\\d+) nanos=(\\d+) cpuNanos=(-?\\d+) rssPeakKiB=(-?\\d+)");

  /**
   * What to run.
   *
   * @param bootstrapServers the Kafka to ship to
   * @param lines lines per workload
   * @param workDir where the input files and state go
   * @param heap the maximum heap of each worker JVM, e.g. {@code 512m}
   * @param topicPrefix topics are {@code <prefix>-<workload>-<side>-<random>}
   */
  public record Options(
      String bootstrapServers,
      int lines,
      Path workDir,
      String heap,
      String topicPrefix,
      int rounds) {
    public Options {
      if (lines < 1) {
        throw new IllegalArgumentException("--lines must be at least 1, got " + lines);
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
      }
    }
  }

  /** One measured run. */
  public record Result(
      String workload,
      String side,
      long lines,
      long bytes,
      long nanos,
      long cpuNanos,
      long rssKiB) {
    double linesPerSecond() {
      return lines / (nanos / 1e9);
    }

    double mibPerSecond() {
      return bytes / (1024.0 * 1024) / (nanos / 1e9);
    }
  }

  private final Options options;
  private final PrintWriter out;

  public ShipBenchmark(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Runs both workloads on both sides and prints the table; returns the results. */
  public List<Result> run() throws IOException, InterruptedException {
    Files.createDirectories(options.workDir());
    Path combined = options.workDir().resolve("combined.log");
    Path json = options.workDir().resolve("app.json.log");
    out.printf(
        Locale.ROOT,
        "generating %,d lines of each workload in %s …%n",
        options.lines(),
        options.workDir());
    out.flush();
    BenchmarkData.writeCombined(combined, options.lines());
    BenchmarkData.writeJson(json, options.lines());

    List<Result> results = new ArrayList<>();
    for (String[] workload : new String[][] {{"combined", "combined"}, {"json", "json"}}) {
      Path file = workload[0].equals("combined") ? combined : json;
      Result bestBaseline = null;
      Result bestSluice = null;
      for (int round = 1; round <= options.rounds(); round++) {
        for (String side : new String[] {"baseline", "sluice"}) {
          out.printf(Locale.ROOT, "round %d: %s / %s …%n", round, workload[0], side);
          out.flush();
          Result r = runWorker(workload[0], side, file, workload[1]);
          if (side.equals("baseline")) {
            bestBaseline = best(bestBaseline, r);
          } else {
            bestSluice = best(bestSluice, r);
          }
        }
      }
      results.add(bestBaseline);
      results.add(bestSluice);
    }
    print(results);
    return results;
  }

  private static Result best(Result a, Result b) {
    return a == null || b.nanos() < a.nanos() ? b : a;
  }

  private Result runWorker(String workload, String side, Path file, String parser)
      throws IOException, InterruptedException {
    String topic =
        options.topicPrefix()
            + "-"
            + workload
            + "-"
            + side
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    Path state = Files.createTempDirectory(options.workDir(), "state-");
    Path log = options.workDir().resolve(workload + "-" + side + ".out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx" + options.heap(),
                "-Xms" + options.heap(),
                "-XX:+UseParallelGC",
                "-cp",
                System.getProperty("java.class.path"),
                ShipBenchmarkWorker.class.getName(),
                side,
                file.toString(),
                options.bootstrapServers(),
                topic,
                parser,
                state.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(30, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the " + side + " run of " + workload + " did not finish in 30 minutes; see " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Matcher m = RESULT.matcher(output);
    if (process.exitValue() != 0 || !m.find()) {
      throw new IllegalStateException(
          "the "
              + side
              + " run of "
              + workload
              + " failed (exit "
              + process.exitValue()
              + "); see "
              + log);
    }
    return new Result(
        workload,
        side,
        Long.parseLong(m.group(1)),
        Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)),
        Long.parseLong(m.group(5)));
  }

  private void print(List<Result> results) {
    out.println();
    out.printf(
        Locale.ROOT,
        "%-9s %-9s %12s %9s %10s %10s %12s%n",
        "workload",
        "side",
        "lines/s",
        "MiB/s",
        "seconds",
        "CPU s",
        "peak RSS MiB");
    for (int i = 0; i + 1 < results.size(); i += 2) {
      Result base = results.get(i);
      Result sluice = results.get(i + 1);
      row(base);
      row(sluice);
      out.printf(
          Locale.ROOT,
          "%-9s %-9s %12.2f %9.2f %10.2f %10.2f %12.2f%n",
          sluice.workload(),
          "ratio",
          sluice.linesPerSecond() / base.linesPerSecond(),
          sluice.mibPerSecond() / base.mibPerSecond(),
          (double) sluice.nanos() / base.nanos(),
          (double) sluice.cpuNanos() / base.cpuNanos(),
          (double) sluice.rssKiB() / base.rssKiB());
    }
    out.println(
        "ratio = sluice / baseline (lines/s, MiB/s: higher is better; seconds, CPU, RSS: lower is"
            + " better). CPU s is the worker JVM's whole CPU time (start-up included)."
            + " Baseline: a plain kafka-clients producer of the raw lines, same acks/idempotence/"
            + "compression/linger/batch, same heap (-Xmx"
            + options.heap()
            + ").");
    out.flush();
  }

  private void row(Result r) {
    out.printf(
        Locale.ROOT,
        "%-9s %-9s %,12.0f %9.2f %10.2f %10.2f %12.1f%n",
        r.workload(),
        r.side(),
        r.linesPerSecond(),
        r.mibPerSecond(),
        r.nanos() / 1e9,
        r.cpuNanos() / 1e9,
        r.rssKiB() / 1024.0);
  }
}
