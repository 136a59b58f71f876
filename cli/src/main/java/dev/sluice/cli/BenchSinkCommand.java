package dev.sluice.cli;

import dev.sluice.local.EmbeddedS3;
import dev.sluice.ship.UserException;
import dev.sluice.sink.AvroCompression;
import dev.sluice.sink.S3Connection;
import dev.sluice.sink.bench.SinkBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench sink}: the S3 sink's throughput into an embedded S3 server, side by side in
 * the same run with two baselines: the same records encoded, compressed and multipart-uploaded in
 * one plain loop, and plain {@code putObject} calls writing the sink's bytes. Prints medians over
 * interleaved rounds, both ratios and the load average.
 */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description =
        "Write LogEvents through the S3 sink (Avro, compression, multipart upload, checkpoints,"
            + " commit) into an embedded S3 server; write the same records in one plain loop"
            + " (Avro DataFileWriter, same codec, multipart upload with the same part size) and"
            + " the sink's file bytes with plain putObject; print medians of interleaved rounds"
            + " (seconds, CPU seconds, MiB/s, records/s), both ratios and the load average.")
public final class BenchSinkCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--records",
      defaultValue = "200000",
      description = "Events to write per round (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(
      names = "--message-bytes",
      defaultValue = "200",
      description = "Approximate message size of each event (default: ${DEFAULT-VALUE}).")
  int messageBytes;

  @Option(
      names = "--services",
      defaultValue = "4",
      description = "Distinct services, i.e. partitions open at once (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(
      names = "--codec",
      defaultValue = "ZSTD",
      description = "Avro codec: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  AvroCompression codec;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "200000",
      description =
          "Simulate a checkpoint after this many events (default: ${DEFAULT-VALUE}: at the"
              + " sink's ~30-40k events/s on this machine, one every 5-7 s, a little more often"
              + " than the job's shipped --checkpoint-interval of 10 s).")
  int checkpointEvery;

  @Option(
      names = "--rounds",
      defaultValue = "5",
      description =
          "Measured rounds after a warm-up, each running every side; medians count"
              + " (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--s3-storage",
      defaultValue = "DISK",
      description =
          "Where the embedded server keeps objects: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}).")
  EmbeddedS3.Storage storage;

  @Override
  public Integer call() throws Exception {
    SinkBenchmark.Options options;
    try {
      options =
          new SinkBenchmark.Options(
              records, messageBytes, services, codec, checkpointEvery, rounds);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("sluice-bench-s3-");
    try (EmbeddedS3 s3 = EmbeddedS3.start(storage, dir, true, 0)) {
      S3Connection connection =
          S3Connection.builder()
              .endpoint(s3.endpoint())
              .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)
              .region(EmbeddedS3.REGION)
              .build();
      out.printf(
          "Sink benchmark: %d LogEvents (~%d B messages, %d services), %s, a checkpoint every %d"
              + " events, embedded S3 (%s) at %s; medians of %d interleaved rounds after a"
              + " warm-up.%n",
          records,
          messageBytes,
          services,
          codec.name().toLowerCase(Locale.ROOT),
          checkpointEvery,
          storage.name().toLowerCase(Locale.ROOT),
          s3.endpoint(),
          rounds);
      out.flush();
      SinkBenchmark.Result result = new SinkBenchmark(connection, "bench").run(options);
      print(out, result);
    }
    return 0;
  }

  static void print(PrintWriter out, SinkBenchmark.Result result) {
    out.printf(
        "%-46s %8s %8s %8s %10s %6s %8s%n",
        "", "seconds", "CPU s", "MiB/s", "records/s", "files", "MiB");
    row(out, "S3Sink (writer + committer)", result.sink());
    row(out, "plain loop: Avro encode + compress + put", result.plainLoop());
    row(out, "raw put: putObject of the sink's bytes", result.rawPut());
    out.printf(
        Locale.ROOT,
        "%-46s %8.2f   (by CPU seconds: %.2f)%n",
        "ratio sink / plain loop",
        result.sinkToPlainLoop(),
        result.sinkToPlainLoopCpu());
    out.printf(Locale.ROOT, "%-46s %8.2f%n", "ratio sink / raw put", result.sinkToRawPut());
    out.printf(
        Locale.ROOT,
        "%-46s %8.2f   (before the rounds; %.2f after) on %d cores%n",
        "load average (1 min)",
        result.loadAverage().before(),
        result.loadAverage().after(),
        Runtime.getRuntime().availableProcessors());
    out.flush();
  }

  private static void row(PrintWriter out, String name, SinkBenchmark.Figures f) {
    out.printf(
        Locale.ROOT,
        "%-46s %8.2f %8.2f %8.1f %10.0f %6d %8.1f%n",
        name,
        f.seconds(),
        f.cpuSeconds(),
        f.mibPerSecond(),
        f.recordsPerSecond(),
        f.files(),
        f.bytes() / (1024.0 * 1024.0));
  }
}
