package dev.sluice.cli;

import dev.sluice.local.EmbeddedS3;
import dev.sluice.local.LocalStack;
import dev.sluice.processing.bench.FreshnessBenchmark;
import dev.sluice.ship.UserException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench freshness}: p50/p99 seconds from a line appended to a file until {@code
 * sluice query} sees it, at a steady background load, through the shipper, the embedded Kafka, the
 * Sluice job on a MiniCluster and the embedded S3 server; prints them beside the settings that
 * trade freshness against file size. The logic lives in {@link FreshnessBenchmark}.
 */
@Command(
    name = "freshness",
    mixinStandardHelpOptions = true,
    description =
        "Seconds (p50, p99, max) from a line appended to a tailed file until sluice query sees it,"
            + " at a steady background load, through the shipper, Kafka, the job and S3 (all"
            + " embedded, shipped defaults); prints the settings that trade it against file size.")
public final class BenchFreshnessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--rate",
      defaultValue = "200",
      description =
          "Background lines per second appended to the files (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--files",
      defaultValue = "2",
      description = "Files the lines are spread over (default: ${DEFAULT-VALUE}).")
  int files;

  @Option(
      names = "--probe-interval",
      defaultValue = "1s",
      description = "Time between two probe lines (default: ${DEFAULT-VALUE}).")
  String probeInterval;

  @Option(
      names = "--duration",
      description =
          "How long probes are appended (default: two roll intervals, at least 1m); then up to"
              + " one roll interval + 3 checkpoints + 2m for the last to show.")
  String duration;

  @Option(
      names = "--poll-interval",
      defaultValue = "1s",
      description = "Time between two queries for the probes (default: ${DEFAULT-VALUE}).")
  String pollInterval;

  @Option(
      names = "--checkpoint-interval",
      description = "The job's --checkpoint-interval (default: the job's default).")
  String checkpointInterval;

  @Option(
      names = "--roll-interval",
      description = "The job's --roll-interval (default: the job's default).")
  String rollInterval;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Job parallelism, and task slots (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    if (rate < 0 || files < 1 || partitions < 1 || parallelism < 1) {
      throw new UserException(
          "--rate must be at least 0; --files, --partitions and --parallelism at least 1");
    }
    Duration probe = positive("--probe-interval", probeInterval);
    Duration poll = positive("--poll-interval", pollInterval);
    Duration run = duration == null ? null : positive("--duration", duration);
    Duration checkpoint =
        checkpointInterval == null ? null : positive("--checkpoint-interval", checkpointInterval);
    Duration roll = rollInterval == null ? null : positive("--roll-interval", rollInterval);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting the embedded Kafka, S3 server and Flink MiniCluster …");
    out.flush();
    Path work = Files.createTempDirectory("sluice-bench-freshness-");
    try (LocalStack stack =
        LocalStack.start(
            new LocalStack.Options(
                null, 0, 0, EmbeddedS3.Storage.DISK, "sluice", 1, true, parallelism, 0))) {
      new FreshnessBenchmark(
              stack.flink().cluster(),
              new FreshnessBenchmark.Settings(
                  stack.kafka().bootstrapServers(),
                  stack.s3().endpoint(),
                  EmbeddedS3.ACCESS_KEY,
                  EmbeddedS3.SECRET_KEY,
                  work,
                  rate,
                  files,
                  probe,
                  run,
                  poll,
                  partitions,
                  parallelism,
                  checkpoint,
                  roll),
              out)
          .run();
    } finally {
      deleteTree(work);
    }
    return 0;
  }

  private static Duration positive(String flag, String value) {
    Duration d;
    try {
      d = TimeUtils.parseDuration(value);
    } catch (RuntimeException e) {
      throw new UserException(flag + ": '" + value + "' is not a duration, e.g. 10s");
    }
    if (d.isZero() || d.isNegative()) {
      throw new UserException(flag + " must be positive, got " + value);
    }
    return d;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
