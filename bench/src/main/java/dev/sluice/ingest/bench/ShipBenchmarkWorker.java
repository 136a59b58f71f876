package dev.sluice.ingest.bench;

import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.ship.Shipper;
import dev.sluice.ingest.ship.ShipperConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * same producer settings. Prints one {@code RESULT} line: lines, bytes, wall and CPU nanoseconds,
 * peak RSS.
 *
 * <p>{@code ShipBenchmarkWorker sluice|baseline <file> <bootstrap> <topic> <parser> <stateDir>}
 */
public final class ShipBenchmarkWorker {
  static final String SERVICE = "bench";

  private ShipBenchmarkWorker() {}

  public static void main(String[] args) throws Exception {
    String side = args[0];
    Path file = Path.of(args[1]);
    String bootstrap = args[2];
    String topic = args[3];
    String parser = args[4];
    Path stateDir = Path.of(args[5]);
    long start = System.nanoTime();
    long lines =
        side.equals("sluice")
            ? shipWithSluice(file, bootstrap, topic, parser, stateDir)
            : shipRaw(file, bootstrap, topic);
    long nanos = System.nanoTime() - start;
    System.out.printf(
        "RESULT lines=%d bytes=%d nanos=%d cpuNanos=%d rssPeakKiB=%d%n",
        lines, Files.size(file), nanos, processCpuNanos(), peakResidentKiB());
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
    KafkaSettings settings =
        new KafkaSettings(bootstrap, topic, topic, "zstd", 20, 256 * 1024, Map.of());
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
