package dev.sluice.ingest.bench;

import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.ship.ShipSettings;
import dev.sluice.ingest.ship.Shipper;
import dev.sluice.ingest.ship.ShipperConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One side of the shipping benchmark, in a JVM of its own so its resident memory is its own: ships
 * a file to a topic either with the {@link Shipper} (parse, enrich, encode, deliver with tracked
 * positions) or with a plain kafka-clients producer sending the raw lines (the baseline), with the
 * same producer settings ({@link #producer}: the shipper's defaults). First it ships a warm-up file
 * the same way, {@link #WARMUP_PASSES} times (each to its own topic, with its own state), so that
 * the measured pass runs on compiled code, as a shipper does after its first minute. Prints one
 * {@code RESULT} line: lines, bytes, wall and CPU nanoseconds of the measured pass, CPU nanoseconds
 * of the whole JVM (start-up, warm-up and JIT included), the CPU of the JIT compiler and GC
 * threads, and peak RSS.
 *
 * <p>{@code ShipBenchmarkWorker sluice|baseline <file> <bootstrap> <topic> <parser> <stateDir>
 * [<warmupFile>]}
 */
public final class ShipBenchmarkWorker {
  static final String SERVICE = "bench";

  /** Times the warm-up file is shipped before the measured pass, each by a new instance. */
  static final int WARMUP_PASSES = 2;

  private ShipBenchmarkWorker() {}

  public static void main(String[] args) throws Exception {
    String side = args[0];
    Path file = Path.of(args[1]);
    String bootstrap = args[2];
    String topic = args[3];
    String parser = args[4];
    Path stateDir = Path.of(args[5]);
    Path warmup = args.length > 6 ? Path.of(args[6]) : null;
    if (warmup != null) {
      // twice, by two instances: what a new shipper or a new file does on its first line (a branch
      // the JIT did not see taken while it profiled the first pass) is then compiled too, and the
      // measured pass does not pay a deoptimisation and a recompilation of the hot path
      for (int pass = 1; pass <= WARMUP_PASSES; pass++) {
        ship(
            side,
            warmup,
            bootstrap,
            topic + "-warmup" + pass,
            parser,
            stateDir.resolve("w" + pass));
      }
    }
    long cpuBefore = processCpuNanos();
    long jitBefore = jitAndGcCpuNanos()[0];
    long start = System.nanoTime();
    long lines = ship(side, file, bootstrap, topic, parser, stateDir.resolve("measured"));
    long nanos = System.nanoTime() - start;
    long cpu = processCpuNanos();
    long[] threads = jitAndGcCpuNanos();
    System.out.printf(
        "RESULT lines=%d bytes=%d nanos=%d cpuNanos=%d totalCpuNanos=%d jitCpuNanos=%d"
            + " gcCpuNanos=%d passJitCpuNanos=%d rssPeakKiB=%d%n",
        lines,
        Files.size(file),
        nanos,
        cpu - cpuBefore,
        cpu,
        threads[0],
        threads[1],
        jitBefore < 0 || threads[0] < 0 ? -1 : threads[0] - jitBefore,
        peakResidentKiB());
  }

  private static long ship(
      String side, Path file, String bootstrap, String topic, String parser, Path stateDir)
      throws IOException, InterruptedException {
    Files.createDirectories(stateDir);
    return side.equals("sluice")
        ? shipWithSluice(file, bootstrap, topic, parser, stateDir)
        : shipRaw(file, bootstrap, topic);
  }

  /** The shipper's default producer settings (see {@link ShipSettings}) for {@code topic}. */
  static KafkaSettings producer(String bootstrap, String topic) {
    return new KafkaSettings(
        bootstrap,
        topic,
        topic,
        ShipSettings.<String>defaultValue("kafka.compression"),
        ShipSettings.<Integer>defaultValue("kafka.linger-ms"),
        ShipSettings.<Integer>defaultValue("kafka.batch-size"),
        Map.of());
  }

  private static long shipWithSluice(
      Path file, String bootstrap, String topic, String parser, Path stateDir)
      throws InterruptedException {
    ShipperConfig config =
        ShipperConfig.builder()
            .bootstrapServers(bootstrap)
            .topic(topic)
            .rejectsTopic(topic)
            .stateDir(stateDir)
            .source(List.of(file.toString()), SERVICE, parser, false, Map.of())
            .stopAtEof(true)
            .statusInterval(Duration.ZERO)
            .build();
    try (Shipper shipper = new Shipper(config, System.err)) {
      shipper.run();
      return shipper.metrics().eventsSent.sum();
    }
  }

  private static long shipRaw(Path file, String bootstrap, String topic) throws IOException {
    KafkaSettings settings = producer(bootstrap, topic);
    byte[] key = SERVICE.getBytes(StandardCharsets.UTF_8);
    long lines = 0;
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(settings.producerConfig(32L * 1024 * 1024));
        BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        producer.send(new ProducerRecord<>(topic, key, line.getBytes(StandardCharsets.UTF_8)));
        lines++;
      }
      producer.flush();
    }
    return lines;
  }

  /** CPU time this process used so far, all threads (JVM start-up included), or -1. */
  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun
        ? sun.getProcessCpuTime()
        : -1;
  }

  /**
   * CPU time of the JIT compiler threads and of the GC threads so far, from {@code
   * /proc/self/task/<tid>/stat} (Linux; clock ticks taken as 100 Hz), or -1 each elsewhere.
   */
  static long[] jitAndGcCpuNanos() {
    long jit = 0;
    long gc = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String name;
        String stat;
        try {
          name = Files.readString(task.resolve("comm")).trim();
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        if (name.contains("CompilerThre")) {
          jit += nanos;
        } else if (name.startsWith("GC Thread")
            || name.startsWith("G1 ")
            || name.equals("VM Thread")) {
          gc += nanos;
        }
      }
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
    return new long[] {jit, gc};
  }

  /** VmHWM from /proc/self/status (Linux), or -1 elsewhere. */
  static long peakResidentKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux
    }
    return -1;
  }
}
