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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Measures the sink against a baseline in the same run: the sink's writer and committer write a set
 * of {@link LogEvent}s as Avro files to S3 (encoding, compression, multipart upload, checkpoints,
 * commit), then the baseline writes the very same file bytes with one plain {@code putObject} per
 * file. Both report MiB/s (of stored bytes) and records/s; the ratio says what the sink's work
 * costs on top of moving the bytes.
 *
 * <p>The writer and committer are driven directly by a {@link DirectSinkRun}, the way Flink calls
 * them (write, then {@code prepareCommit} + {@code snapshotState} at each simulated checkpoint,
 * then commit), not inside a MiniCluster: on a small machine the MiniCluster's start-up, network
 * stack and serialization would dominate and blur what the sink itself costs, and the baseline has
 * no Flink either.
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

  /** One side's figures. */
  public record Figures(long records, long bytes, int files, double seconds) {
    /** Stored MiB per second. */
    public double mibPerSecond() {
      return bytes / (1024.0 * 1024.0) / seconds;
    }

    /** Records per second. */
    public double recordsPerSecond() {
      return records / seconds;
    }
  }

  /** Both sides, best round of each. */
  public record Result(Figures sink, Figures baseline) {
    /** Sink throughput over baseline throughput (the same bytes, so MiB/s and records/s agree). */
    public double ratio() {
      return sink.mibPerSecond() / baseline.mibPerSecond();
    }
  }

  private final S3Connection connection;
  private final String bucket;

  /** A benchmark writing to {@code bucket} through {@code connection}. */
  public SinkBenchmark(S3Connection connection, String bucket) {
    this.connection = connection;
    this.bucket = bucket;
  }

  /** Runs a small warm-up, then {@code rounds} measured rounds of each side; keeps the best. */
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
    round("warmup", events.subList(0, warmUp.records()), warmUp);
    Result best = null;
    for (int i = 0; i < options.rounds(); i++) {
      Result r = round("round" + i, events, options);
      if (best == null) {
        best = r;
      } else {
        best =
            new Result(
                r.sink().seconds() < best.sink().seconds() ? r.sink() : best.sink(),
                r.baseline().seconds() < best.baseline().seconds()
                    ? r.baseline()
                    : best.baseline());
      }
    }
    return best;
  }

  private Result round(String name, List<LogEvent> events, Options options)
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
    try (S3Store store = new S3Store(connection, bucket, sink.settings().retrier())) {
      return round(table, events, options, sink, store);
    }
  }

  private Result round(
      String table, List<LogEvent> events, Options options, S3Sink<LogEvent> sink, S3Store store)
      throws IOException, InterruptedException {
    store.ensureBucket(); // before the clock starts, as the baseline's bucket exists already

    long start = System.nanoTime();
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
    double sinkSeconds = (System.nanoTime() - start) / 1e9;

    List<String> keys = store.listKeys(table + "/");
    List<byte[]> files = new ArrayList<>();
    long bytes = 0;
    for (String key : keys) {
      byte[] file = store.get(key);
      files.add(file);
      bytes += file.length;
    }
    Figures sinkFigures = new Figures(events.size(), bytes, keys.size(), sinkSeconds);

    double baselineSeconds;
    try (MinioAsyncClient client = S3Store.newClient(connection)) {
      baselineSeconds = baseline(client, table, files);
    } catch (IOException | InterruptedException e) {
      throw e;
    } catch (Exception e) { // what MinioAsyncClient.close() declares
      throw new IOException("closing the baseline's S3 client failed", e);
    }
    Figures baseline = new Figures(events.size(), bytes, files.size(), baselineSeconds);

    for (String key : keys) {
      store.delete(key);
    }
    for (int i = 0; i < files.size(); i++) {
      store.delete("_bench/" + table + "/" + i + ".avro");
    }
    return new Result(sinkFigures, baseline);
  }

  /** Seconds to write {@code files} with plain putObject calls. */
  private double baseline(MinioAsyncClient client, String table, List<byte[]> files)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < files.size(); i++) {
      byte[] file = files.get(i);
      try {
        client
            .putObject(
                PutObjectArgs.builder()
                    .bucket(bucket)
                    .object("_bench/" + table + "/" + i + ".avro")
                    .stream(new ByteArrayInputStream(file), file.length, -1)
                    .build())
            .get();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException("baseline putObject failed: " + S3Failures.describe(e), e);
      }
    }
    return (System.nanoTime() - start) / 1e9;
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
