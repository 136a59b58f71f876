package dev.sluice.sink.bench;

import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.sink.AvroCompression;
import dev.sluice.sink.DirectSinkRun;
import dev.sluice.sink.HivePartitioner;
import dev.sluice.sink.S3Connection;
import dev.sluice.sink.S3Sink;
import dev.sluice.sink.internal.S3Failures;
import dev.sluice.sink.internal.S3Store;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * Measures the sink against two baselines in the same run, over interleaved rounds:
 *
 * <ul>
 *   <li><b>the sink</b>: its writer and committer write a set of {@link LogEvent}s as Avro files to
 *       S3 (partitioning, encoding, compression, multipart upload, checkpoints with their temporary
 *       objects, commit);
 *   <li><b>the plain loop</b> ({@link PlainAvroUpload}): the same records encoded by Avro's stock
 *       {@code DataFileWriter} with the same schema, codec and block size into the same number of
 *       files, uploaded as multipart uploads with the same part size, in one loop without any
 *       guarantee: the physical limit for that work;
 *   <li><b>raw put</b>: the very bytes the sink stored, written with one plain {@code putObject}
 *       per file: the cost of moving them alone.
 * </ul>
 *
 * <p>Each round runs all three (the sink and the plain loop in alternating order), and the figures
 * are the medians over rounds: wall seconds, and the process's CPU seconds over the side (the
 * embedded S3 server runs in this JVM, so its work is counted too). Ratios are the medians of each
 * round's ratios of records per second.
 *
 * <p>The writer and committer are driven directly by a {@link DirectSinkRun}, the way Flink calls
 * them (write, then {@code prepareCommit} + {@code snapshotState} at each simulated checkpoint,
 * then commit), not inside a MiniCluster: on a small machine the MiniCluster's start-up, network
 * stack and serialization would dominate and blur what the sink itself costs, and the baselines
 * have no Flink either.
 */
public final class SinkBenchmark {
  /** What to measure. */
  public record Options(
      int records,
      int messageBytes,
      int services,
      AvroCompression compression,
      int checkpointEvery,
      int rounds) {
    /** Checks the values. */
    public Options {
      if (records < 1 || messageBytes < 1 || services < 1 || checkpointEvery < 1 || rounds < 1) {
        throw new IllegalArgumentException(
            "records, message bytes, services, checkpoint interval and rounds must be positive");
      }
    }
  }

  /**
   * One side's figures (of one round, or the medians over rounds).
   *
   * @param records records written
   * @param bytes bytes stored
   * @param files files stored
   * @param seconds wall seconds
   * @param cpuSeconds CPU seconds of the whole process (embedded S3 server included)
   */
  public record Figures(long records, long bytes, int files, double seconds, double cpuSeconds) {
    /** Stored MiB per second. */
    public double mibPerSecond() {
      return bytes / (1024.0 * 1024.0) / seconds;
    }

    /** Records per second. */
    public double recordsPerSecond() {
      return records / seconds;
    }
  }

  /**
   * The three sides (medians over rounds), and the same-run ratios.
   *
   * @param sink the sink
   * @param plainLoop Avro encode + compress + multipart upload in one plain loop
   * @param rawPut putObject of the sink's stored bytes
   * @param sinkToPlainLoop median over rounds of sink records/s over plain-loop records/s
   * @param sinkToRawPut median over rounds of sink records/s over raw-put records/s
   * @param sinkToPlainLoopCpu median over rounds of plain-loop CPU seconds over sink CPU seconds
   * @param loadAverage the 1-minute load average before and after the rounds
   */
  public record Result(
      Figures sink,
      Figures plainLoop,
      Figures rawPut,
      double sinkToPlainLoop,
      double sinkToRawPut,
      double sinkToPlainLoopCpu,
      LoadAverage loadAverage) {}

  /** The 1-minute load average (/proc/loadavg) before and after; NaN where it cannot be read. */
  public record LoadAverage(double before, double after) {
    /** The 1-minute load average now. */
    public static double now() {
      try {
        String line = Files.readString(Path.of("/proc/loadavg"));
        return Double.parseDouble(line.substring(0, line.indexOf(' ')));
      } catch (IOException | RuntimeException e) {
        return Double.NaN;
      }
    }
  }

  private final S3Connection connection;
  private final String bucket;

  /** A benchmark writing to {@code bucket} through {@code connection}. */
  public SinkBenchmark(S3Connection connection, String bucket) {
    this.connection = connection;
    this.bucket = bucket;
  }

  /** Runs a small warm-up, then {@code rounds} measured rounds of every side; keeps the medians. */
  public Result run(Options options) throws IOException, InterruptedException {
    List<LogEvent> events = events(options);
    Options warmUp =
        new Options(
            Math.max(1, options.records() / 10),
            options.messageBytes(),
            options.services(),
            options.compression(),
            options.checkpointEvery(),
            1);
    double loadBefore = LoadAverage.now();
    round("warmup", events.subList(0, warmUp.records()), warmUp, true);
    List<Round> rounds = new ArrayList<>();
    for (int i = 0; i < options.rounds(); i++) {
      rounds.add(round("round" + i, events, options, i % 2 == 0));
    }
    return new Result(
        median(rounds, Round::sink),
        median(rounds, Round::plainLoop),
        median(rounds, Round::rawPut),
        median(rounds.stream().mapToDouble(r -> ratio(r.sink(), r.plainLoop())).toArray()),
        median(rounds.stream().mapToDouble(r -> ratio(r.sink(), r.rawPut())).toArray()),
        median(
            rounds.stream()
                .mapToDouble(r -> r.plainLoop().cpuSeconds() / r.sink().cpuSeconds())
                .toArray()),
        new LoadAverage(loadBefore, LoadAverage.now()));
  }

  private record Round(Figures sink, Figures plainLoop, Figures rawPut) {}

  private static double ratio(Figures sluice, Figures baseline) {
    return sluice.recordsPerSecond() / baseline.recordsPerSecond();
  }

  private Round round(String name, List<LogEvent> events, Options options, boolean sinkFirst)
      throws IOException, InterruptedException {
    String table = "bench_" + name + "_" + UUID.randomUUID().toString().substring(0, 8);
    S3Sink<LogEvent> sink =
        S3Sink.<LogEvent>builder()
            .connection(connection)
            .bucket(bucket)
            .table(table)
            .recordClass(LogEvent.class)
            .partitioner(
                HivePartitioner.byTimeAndService(LogEvent::getEventTime, LogEvent::getService))
            .compression(options.compression())
            .build();
    try (S3Store store = new S3Store(connection, bucket, sink.settings().retrier());
        MinioAsyncClient client = S3Store.newClient(connection)) {
      store.ensureBucket(); // before the clocks start, as the baselines' bucket exists already
      PlainAvroUpload plain =
          new PlainAvroUpload(
              client,
              bucket,
              connection.region(),
              options.compression().codecFactory(),
              sink.settings().partSize());
      Figures sinkFigures;
      Figures plainFigures;
      if (sinkFirst) {
        sinkFigures = sink(sink, store, table, events, options);
        plainFigures = plain(plain, store, "_bench/" + table + "/plain/", events);
      } else {
        plainFigures = plain(plain, store, "_bench/" + table + "/plain/", events);
        sinkFigures = sink(sink, store, table, events, options);
      }
      List<String> keys = store.listKeys(table + "/");
      List<byte[]> files = new ArrayList<>();
      for (String key : keys) {
        files.add(store.get(key));
      }
      Figures rawPut = rawPut(client, "_bench/" + table + "/put/", files, events.size());
      for (String key : store.listKeys(table + "/")) {
        store.delete(key);
      }
      for (String key : store.listKeys("_bench/" + table + "/")) {
        store.delete(key);
      }
      return new Round(sinkFigures, plainFigures, rawPut);
    } catch (IOException | InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) { // what MinioAsyncClient.close() declares
      throw new IOException("closing the baselines' S3 client failed", e);
    }
  }

  private Figures sink(
      S3Sink<LogEvent> sink, S3Store store, String table, List<LogEvent> events, Options options)
      throws IOException, InterruptedException {
    Clock clock = Clock.start();
    try (DirectSinkRun<LogEvent> run = new DirectSinkRun<>(sink)) {
      int written = 0;
      for (LogEvent e : events) {
        run.write(e);
        if (++written % options.checkpointEvery() == 0) {
          run.checkpoint();
        }
      }
      run.finish();
    }
    Clock stopped = clock.stop();
    return stored(store, table + "/", events.size(), stopped);
  }

  private Figures plain(PlainAvroUpload plain, S3Store store, String prefix, List<LogEvent> events)
      throws IOException {
    Clock clock = Clock.start();
    plain.write(prefix, events);
    Clock stopped = clock.stop();
    return stored(store, prefix, events.size(), stopped);
  }

  private static Figures stored(S3Store store, String prefix, int records, Clock clock)
      throws IOException {
    long bytes = 0;
    List<String> keys = store.listKeys(prefix);
    for (String key : keys) {
      bytes += store.get(key).length;
    }
    return new Figures(records, bytes, keys.size(), clock.wallSeconds(), clock.cpuSeconds());
  }

  /** Writes {@code files} with plain putObject calls. */
  private Figures rawPut(MinioAsyncClient client, String prefix, List<byte[]> files, int records)
      throws IOException, InterruptedException {
    Clock clock = Clock.start();
    long bytes = 0;
    for (int i = 0; i < files.size(); i++) {
      byte[] file = files.get(i);
      bytes += file.length;
      try {
        client
            .putObject(
                PutObjectArgs.builder().bucket(bucket).object(prefix + i + ".avro").stream(
                        new ByteArrayInputStream(file), file.length, -1)
                    .build())
            .get();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("baseline putObject failed: " + S3Failures.describe(e), e);
      }
    }
    Clock stopped = clock.stop();
    return new Figures(records, bytes, files.size(), stopped.wallSeconds(), stopped.cpuSeconds());
  }

  /** Wall and process CPU time between {@link #start()} and {@link #stop()}. */
  private record Clock(long wallStart, long cpuStart, long wallEnd, long cpuEnd) {
    static Clock start() {
      return new Clock(System.nanoTime(), cpuNanos(), 0, 0);
    }

    Clock stop() {
      return new Clock(wallStart, cpuStart, System.nanoTime(), cpuNanos());
    }

    double wallSeconds() {
      return (wallEnd - wallStart) / 1e9;
    }

    double cpuSeconds() {
      return (cpuEnd - cpuStart) / 1e9;
    }

    private static long cpuNanos() {
      return ((com.sun.management.OperatingSystemMXBean)
              ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }
  }

  private static Figures median(List<Round> rounds, Function<Round, Figures> side) {
    List<Figures> all = rounds.stream().map(side).toList();
    Figures first = all.get(0);
    return new Figures(
        first.records(),
        first.bytes(),
        first.files(),
        median(all.stream().mapToDouble(Figures::seconds).toArray()),
        median(all.stream().mapToDouble(Figures::cpuSeconds).toArray()));
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Realistic-looking events: a few services, one hour, messages of about the given size. */
  static List<LogEvent> events(Options options) {
    Random random = new Random(42);
    Instant base = Instant.parse("2026-11-26T08:00:00Z");
    String[] words = {
      "GET",
      "POST",
      "/api/orders",
      "/api/cart",
      "user",
      "id=",
      "took",
      "ms",
      "cache",
      "miss",
      "hit",
      "retry",
      "upstream",
      "timeout",
      "ok",
      "status=200",
      "status=503",
      "session"
    };
    List<LogEvent> events = new ArrayList<>(options.records());
    for (int i = 0; i < options.records(); i++) {
      StringBuilder message = new StringBuilder(options.messageBytes() + 16);
      while (message.length() < options.messageBytes()) {
        message.append(words[random.nextInt(words.length)]).append(' ');
        if (random.nextInt(4) == 0) {
          message.append(Long.toHexString(random.nextLong())).append(' ');
        }
      }
      Instant t = base.plusMillis(i % 3_600_000L);
      events.add(
          LogEvent.newBuilder()
              .setId("bench-" + i)
              .setEventTime(t)
              .setIngestTime(t)
              .setService("service-" + (i % options.services()))
              .setHost("host-" + random.nextInt(8))
              .setLevel(random.nextInt(20) == 0 ? Level.ERROR : Level.INFO)
              .setMessage(message.toString())
              .setAttributes(Map.of("region", "eu-west-1"))
              .build());
    }
    return events;
  }
}
