package dev.sluice.ingest.bench;

import dev.sluice.ingest.kafka.KafkaSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipping benchmark behind {@code sluice bench ship}: for a combined access log and for JSON
 * logs of N lines each, ships the file to Kafka with the shipper, with a plain kafka-clients
 * producer of the raw lines, and with {@code kcat -P} (librdkafka) of the raw lines, all with the
 * shipper's default producer settings (compression, linger, batch size, acks=all, idempotence). The
 * two JVM sides run each in a fresh JVM with the same flags, after two warm-up passes in that JVM
 * (so the measured pass runs on compiled code, see {@link ShipBenchmarkWorker}); the sides
 * alternate in every round and the median of the rounds is reported: lines/s, MiB/s (of input), CPU
 * of the measured pass (per line too), CPU of the whole JVM (start-up, warm-up, JIT and GC
 * included), peak resident memory, and the 1-minute load average. kcat is skipped, with how to
 * install it, when it is not installed.
 */
public final class ShipBenchmark {
  private static final Pattern RESULT =
      Pattern.compile(
          "RESULT lines=(\\d+) bytes=(\\d+) nanos=(\\d+) cpuNanos=(-?\\d+) totalCpuNanos=(-?\\d+)"
              + " jitCpuNanos=(-?\\d+) gcCpuNanos=(-?\\d+) passJitCpuNanos=(-?\\d+)"
              + " rssPeakKiB=(-?\\d+)");
  private static final List<Path> KCAT =
      List.of(Path.of("/usr/bin/kcat"), Path.of("/usr/bin/kafkacat"));

  static final String BASELINE = "plain producer";
  static final String SLUICE = "sluice";
  static final String KCAT_SIDE = "kcat -P";

  /**
   * What to run.
   *
   * @param bootstrapServers the Kafka to ship to
   * @param lines lines per workload
   * @param workDir where the input files and state go
   * @param heap the maximum heap of each worker JVM, e.g. {@code 256m}
   * @param topicPrefix topics are {@code <prefix>-<workload>-<side>-<random>}
   * @param rounds rounds per side; medians are reported
   * @param warmupLines lines of the warm-up pass before the measured one (0: none)
   * @param kcat the kcat binary, or null to look for it in /usr/bin
   */
  public record Options(
      String bootstrapServers,
      int lines,
      Path workDir,
      String heap,
      String topicPrefix,
      int rounds,
      int warmupLines,
      Path kcat) {
    public Options {
      if (lines < 1) {
        throw new IllegalArgumentException("--lines must be at least 1, got " + lines);
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
      }
      if (warmupLines < 0) {
        throw new IllegalArgumentException("--warmup-lines must be 0 or more, got " + warmupLines);
      }
    }
  }

  /**
   * One measured run (medians, when it stands for several rounds).
   *
   * @param cpuNanos CPU of the measured pass (for kcat: its whole process)
   * @param totalCpuNanos CPU of the whole process, start-up, warm-up, JIT and GC included
   * @param jitCpuNanos CPU of the JIT compiler threads (JVMs only, else -1)
   * @param gcCpuNanos CPU of the GC threads (JVMs only, else -1)
   * @param passJitCpuNanos CPU of the JIT compiler threads during the measured pass (else -1)
   * @param rssKiB peak resident memory (VmHWM), -1 when unknown
   * @param loadAverage the 1-minute load average when the run ended
   */
  public record Result(
      String workload,
      String side,
      long lines,
      long bytes,
      long nanos,
      long cpuNanos,
      long totalCpuNanos,
      long jitCpuNanos,
      long gcCpuNanos,
      long passJitCpuNanos,
      long rssKiB,
      double loadAverage) {
    double linesPerSecond() {
      return lines / (nanos / 1e9);
    }

    double mibPerSecond() {
      return bytes / (1024.0 * 1024) / (nanos / 1e9);
    }

    double cpuMicrosPerLine() {
      return cpuNanos / 1e3 / lines;
    }
  }

  /**
   * The collector of every worker JVM: the one ship/README.md and docker-compose.yml start the
   * shipper with, so that the peak RSS printed is the shipped configuration's.
   */
  static final String GARBAGE_COLLECTOR = "-XX:+UseSerialGC";

  /** The environment variable whose JVM options every worker gets too (e.g. JFR's). */
  static final String WORKER_OPTS = "SLUICE_BENCH_WORKER_OPTS";

  private final Options options;
  private int workers;
  private final PrintWriter out;

  public ShipBenchmark(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Runs both workloads on every side and prints the table; returns the median results. */
  public List<Result> run() throws IOException, InterruptedException {
    Files.createDirectories(options.workDir());
    Path kcat = kcat();
    out.printf(
        Locale.ROOT,
        "generating %,d lines of each workload (and %,d for the warm-up) in %s …%n",
        options.lines(),
        options.warmupLines(),
        options.workDir());
    if (kcat == null) {
      out.println(
          "kcat not found in /usr/bin: its row is left out (install it with"
              + " `apt-get install kcat`)");
    }
    out.flush();
    List<Result> results = new ArrayList<>();
    for (String workload : new String[] {"combined", "json"}) {
      Path file = options.workDir().resolve(workload + ".log");
      Path warmup = options.workDir().resolve(workload + "-warmup.log");
      write(workload, file, options.lines());
      if (options.warmupLines() > 0) {
        write(workload, warmup, options.warmupLines());
      } else {
        warmup = null;
      }
      Map<String, List<Result>> rounds = new LinkedHashMap<>();
      for (int round = 1; round <= options.rounds(); round++) {
        List<String> sides = new ArrayList<>(List.of(BASELINE, SLUICE));
        if (kcat != null) {
          sides.add(KCAT_SIDE);
        }
        for (String side : sides) {
          out.printf(Locale.ROOT, "round %d: %s / %s …%n", round, workload, side);
          out.flush();
          Result r =
              side.equals(KCAT_SIDE)
                  ? runKcat(kcat, workload, file)
                  : runWorker(workload, side, file, warmup);
          rounds.computeIfAbsent(side, s -> new ArrayList<>()).add(r);
        }
      }
      rounds.values().forEach(list -> results.add(median(list)));
    }
    print(results);
    return results;
  }

  private static void write(String workload, Path file, int lines) throws IOException {
    if (workload.equals("combined")) {
      BenchmarkData.writeCombined(file, lines);
    } else {
      BenchmarkData.writeJson(file, lines);
    }
  }

  private Path kcat() {
    if (options.kcat() != null) {
      return Files.isExecutable(options.kcat()) ? options.kcat() : null;
    }
    return KCAT.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }

  /**
   * Each figure's median over the rounds (the mean of the middle two for an even count), except the
   * peak RSS, which is the highest of the rounds: what a memory limit has to hold.
   */
  static Result median(List<Result> rounds) {
    Result first = rounds.get(0);
    return new Result(
        first.workload(),
        first.side(),
        first.lines(),
        first.bytes(),
        (long) median(rounds, Result::nanos),
        (long) median(rounds, Result::cpuNanos),
        (long) median(rounds, Result::totalCpuNanos),
        (long) median(rounds, Result::jitCpuNanos),
        (long) median(rounds, Result::gcCpuNanos),
        (long) median(rounds, Result::passJitCpuNanos),
        rounds.stream().mapToLong(Result::rssKiB).max().orElse(-1),
        median(rounds, Result::loadAverage));
  }

  private static double median(List<Result> rounds, ToDoubleFunction<Result> figure) {
    double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private String topic(String workload, String side) {
    return options.topicPrefix()
        + "-"
        + workload
        + "-"
        + side.replaceAll("[^a-z]", "")
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Extra JVM options of the workers from the environment variable {@value #WORKER_OPTS} (split at
   * spaces), e.g. {@code -XX:StartFlightRecording=settings=profile,filename=/tmp/{run}.jfr} to
   * profile each side: {@code {run}} becomes the worker's name and a sequence number.
   */
  private List<String> workerJvmOptions(Path log) {
    String opts = System.getenv(WORKER_OPTS);
    if (opts == null || opts.isBlank()) {
      return List.of();
    }
    String run = log.getFileName().toString().replace(".out", "") + "-" + (++workers);
    List<String> out = new ArrayList<>();
    for (String opt : opts.trim().split("\\s+")) {
      out.add(opt.replace("{run}", run));
    }
    return out;
  }

  private Result runWorker(String workload, String side, Path file, Path warmup)
      throws IOException, InterruptedException {
    String topic = topic(workload, side);
    Path state = Files.createTempDirectory(options.workDir(), "state-");
    Path log = options.workDir().resolve(workload + "-" + side.replace(' ', '-') + ".out");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(List.of(java, "-Xmx" + options.heap(), GARBAGE_COLLECTOR));
    command.addAll(workerJvmOptions(log));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            ShipBenchmarkWorker.class.getName(),
            side.equals(SLUICE) ? "sluice" : "baseline",
            file.toString(),
            options.bootstrapServers(),
            topic,
            workload,
            state.toString()));
    if (warmup != null) {
      command.add(warmup.toString());
    }
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
        Long.parseLong(m.group(5)),
        Long.parseLong(m.group(6)),
        Long.parseLong(m.group(7)),
        Long.parseLong(m.group(8)),
        Long.parseLong(m.group(9)),
        loadAverage());
  }

  /**
   * {@code kcat -P} of the file's lines (key {@code bench}) with the shipper's producer settings.
   * Its CPU is what its shell, after waiting for it, counts for its children ({@code cutime +
   * cstime} in {@code /proc/<shell>/stat}: getrusage of the terminated child).
   */
  private Result runKcat(Path kcat, String workload, Path file)
      throws IOException, InterruptedException {
    KafkaSettings producer = ShipBenchmarkWorker.producer(options.bootstrapServers(), "unused");
    Path log = options.workDir().resolve(workload + "-kcat.out");
    Path stat = options.workDir().resolve(workload + "-kcat.stat");
    List<String> command =
        List.of(
            "/bin/sh",
            "-c",
            "\"$0\" \"$@\"; rc=$?; cat /proc/$$/stat > '"
                + stat
                + "'; getconf CLK_TCK >> '"
                + stat
                + "'; exit $rc",
            kcat.toString(),
            "-P",
            "-q",
            "-b",
            options.bootstrapServers(),
            "-t",
            topic(workload, "kcat"),
            "-k",
            ShipBenchmarkWorker.SERVICE,
            "-z",
            producer.compression(),
            "-X",
            "compression.level="
                + (producer.compression().equals("zstd") ? KafkaSettings.ZSTD_LEVEL : -1),
            "-X",
            "linger.ms=" + producer.lingerMs(),
            "-X",
            "batch.size=" + producer.batchSize(),
            "-X",
            "acks=all",
            "-X",
            "enable.idempotence=true",
            "-l",
            file.toString());
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(30, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("kcat did not finish in 30 minutes; see " + log);
    }
    long nanos = System.nanoTime() - start;
    List<String> lines = Files.exists(stat) ? Files.readAllLines(stat) : List.of();
    if (process.exitValue() != 0 || lines.size() < 2) {
      throw new IllegalStateException(
          "kcat -P of " + workload + " failed (exit " + process.exitValue() + "); see " + log);
    }
    String s = lines.get(0);
    String[] fields = s.substring(s.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    long cpuNanos = ticks * 1_000_000_000L / Long.parseLong(lines.get(1).trim());
    long count;
    try (var stream = Files.lines(file, StandardCharsets.UTF_8)) {
      count = stream.count();
    }
    return new Result(
        workload,
        KCAT_SIDE,
        count,
        Files.size(file),
        nanos,
        cpuNanos,
        cpuNanos,
        -1,
        -1,
        -1,
        -1,
        loadAverage());
  }

  /** The 1-minute load average (/proc/loadavg), or -1 where there is none. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private void print(List<Result> results) {
    out.println();
    String header = "%-9s %-15s %10s %7s %8s %8s %9s %8s %9s %7s %7s %8s %6s%n";
    String row = "%-9s %-15s %,10.0f %7.2f %8.2f %8.2f %9.2f %8s %9.2f %7s %7s %8s %6.1f%n";
    out.printf(
        Locale.ROOT,
        header,
        "workload",
        "side",
        "lines/s",
        "MiB/s",
        "seconds",
        "CPU s",
        "µs/line",
        "of it JIT",
        "JVM CPU s",
        "JIT s",
        "GC s",
        "RSS MiB",
        "load");
    for (String workload : new String[] {"combined", "json"}) {
      Result base = find(results, workload, BASELINE);
      Result sluice = find(results, workload, SLUICE);
      Result kcat = find(results, workload, KCAT_SIDE);
      for (Result r : Arrays.asList(base, sluice, kcat)) {
        if (r != null) {
          out.printf(
              Locale.ROOT,
              row,
              r.workload(),
              r.side(),
              r.linesPerSecond(),
              r.mibPerSecond(),
              r.nanos() / 1e9,
              r.cpuNanos() / 1e9,
              r.cpuMicrosPerLine(),
              seconds(r.passJitCpuNanos()),
              r.totalCpuNanos() / 1e9,
              seconds(r.jitCpuNanos()),
              seconds(r.gcCpuNanos()),
              r.rssKiB() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", r.rssKiB() / 1024.0),
              r.loadAverage());
        }
      }
      ratio(sluice, base, "sluice/plain", true);
      if (kcat != null) {
        ratio(sluice, kcat, "sluice/kcat", false);
      }
    }
    out.printf(
        Locale.ROOT,
        "CPU s: the measured pass of %,d lines%s; JVM CPU s: the whole worker JVM (start-up,"
            + " warm-up, JIT and GC included), of which JIT s and GC s; kcat: its whole process."
            + " \"of it JIT\": the JIT compiler threads' CPU during the measured pass. Medians of %d"
            + " round(s) (RSS: the highest), sides alternating."
            + " ratio = sluice / other (lines/s: higher"
            + " is better; seconds, CPU, RSS: lower is better).%n",
        options.lines(),
        options.warmupLines() > 0
            ? String.format(
                Locale.ROOT,
                ", after %d warm-up passes of %,d lines in the same JVM",
                ShipBenchmarkWorker.WARMUP_PASSES,
                options.warmupLines())
            : "",
        options.rounds());
    KafkaSettings p = ShipBenchmarkWorker.producer(options.bootstrapServers(), "unused");
    out.printf(
        Locale.ROOT,
        "Producer settings of every side (the shipper's defaults): compression=%s%s linger.ms=%d"
            + " batch.size=%d acks=all enable.idempotence=true; JVMs: -Xmx%s %s (the shipper's"
            + " recommended flags: ship/README.md, docker-compose.yml)."
            + " Load average (1 min) now: %.2f.%n",
        p.compression(),
        p.compression().equals("zstd") ? " (level " + KafkaSettings.ZSTD_LEVEL + ")" : "",
        p.lingerMs(),
        p.batchSize(),
        options.heap(),
        GARBAGE_COLLECTOR,
        loadAverage());
    out.flush();
  }

  private void ratio(Result sluice, Result other, String label, boolean jvm) {
    if (sluice == null || other == null) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "%-9s %-15s %10.2f %7.2f %8.2f %8.2f %9.2f %8s %9s %7s %7s %8s%n",
        sluice.workload(),
        label,
        sluice.linesPerSecond() / other.linesPerSecond(),
        sluice.mibPerSecond() / other.mibPerSecond(),
        (double) sluice.nanos() / other.nanos(),
        (double) sluice.cpuNanos() / other.cpuNanos(),
        sluice.cpuMicrosPerLine() / other.cpuMicrosPerLine(),
        "",
        String.format(Locale.ROOT, "%.2f", (double) sluice.totalCpuNanos() / other.totalCpuNanos()),
        "",
        "",
        jvm && other.rssKiB() > 0
            ? String.format(Locale.ROOT, "%.2f", (double) sluice.rssKiB() / other.rssKiB())
            : "");
  }

  private static String seconds(long nanos) {
    return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }

  private static Result find(List<Result> results, String workload, String side) {
    return results.stream()
        .filter(r -> r.workload().equals(workload) && r.side().equals(side))
        .findFirst()
        .orElse(null);
  }
}
