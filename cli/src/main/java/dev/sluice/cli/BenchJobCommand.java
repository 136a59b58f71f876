package dev.sluice.cli;

import dev.sluice.local.EmbeddedS3;
import dev.sluice.local.LocalStack;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.OptionsException;
import dev.sluice.processing.bench.JobBenchmark;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench job}: events per second through the whole Flink job (archive, window stats,
 * template mining and anomaly detection into the embedded S3 and Kafka, exactly-once to S3) against
 * the job's own Kafka source and decoding into a discarding sink, rounds interleaved on the same
 * embedded stack; prints both, their ratio, CPU, load average, memory per slot, the checkpoint
 * durations and the state size. The logic lives in {@link JobBenchmark}.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description =
        "Events/s of the whole job (archive + stats + anomalies, exactly-once, embedded S3) vs"
            + " the same Kafka source and decoding -> discarding sink, rounds interleaved;"
            + " medians, load average, memory per slot, checkpoint duration and state size.")
public final class BenchJobCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "1000000",
      description =
          "Events to load (default: ${DEFAULT-VALUE}: a round of 200,000 is mostly the JIT's"
              + " warm-up; the baseline runs 3-4x faster once warm, the job does not).")
  int events;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Topic partitions (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Job parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = JobOptions.DEFAULT_CHECKPOINT_INTERVAL,
      description =
          "Checkpoint interval of both runs (default: ${DEFAULT-VALUE}, the job's own default).")
  String checkpointInterval;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "Runs of each, interleaved (which goes first alternates); medians are reported"
              + " (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--enable",
      defaultValue = "archive,stats,anomalies",
      description = "Parts of the job to run (job flag --enable; default: ${DEFAULT-VALUE}).")
  String enable;

  @Override
  public Integer call() throws Exception {
    if (events < 1 || partitions < 1 || parallelism < 1 || rounds < 1) {
      throw new UserException(
          "--events, --partitions, --parallelism and --rounds must be at least 1");
    }
    Duration interval;
    try {
      interval = TimeUtils.parseDuration(checkpointInterval);
    } catch (RuntimeException e) {
      throw new UserException(
          "--checkpoint-interval: '" + checkpointInterval + "' is not a duration, e.g. 1s");
    }
    try {
      JobOptions.parse(
          new String[] {
            "--bootstrap-servers",
            "127.0.0.1:9",
            "--s3-endpoint",
            "http://127.0.0.1:9",
            "--s3-credentials-from-env",
            "--enable",
            enable
          },
          Map.of());
    } catch (OptionsException e) {
      throw new UserException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting the embedded Kafka, S3 server and Flink MiniCluster …");
    out.flush();
    try (LocalStack stack =
        LocalStack.start(
            new LocalStack.Options(
                null, 0, 0, EmbeddedS3.Storage.DISK, "sluice", 1, true, parallelism, 0))) {
      new JobBenchmark(
              stack.flink().cluster(),
              new JobBenchmark.Settings(
                  stack.kafka().bootstrapServers(),
                  stack.s3().endpoint(),
                  EmbeddedS3.ACCESS_KEY,
                  EmbeddedS3.SECRET_KEY,
                  events,
                  partitions,
                  parallelism,
                  interval,
                  rounds,
                  enable),
              out)
          .run();
    }
    return 0;
  }
}
