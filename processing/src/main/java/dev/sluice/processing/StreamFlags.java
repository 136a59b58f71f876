package dev.sluice.processing;

import dev.sluice.processing.anomaly.AnomalyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Option;

/**
 * The job's processing flags: checkpoints and parallelism, event time and windows, S3 file rolling,
 * which sub-graphs run, and the anomaly detectors' settings.
 */
final class StreamFlags {
  @Option(
      names = "--checkpoint-interval",
      paramLabel = JobOptions.DEFAULT_CHECKPOINT_INTERVAL,
      defaultValue = JobOptions.DEFAULT_CHECKPOINT_INTERVAL,
      description = "exactly-once checkpoints; files and Kafka transactions commit on completion")
  Duration checkpointInterval;

  @Option(
      names = "--parallelism",
      paramLabel = "2",
      description = {"job parallelism", "default: cluster default"})
  Integer parallelism;

  @Option(
      names = "--max-parallelism",
      paramLabel = "128",
      defaultValue = "128",
      description = "key groups; cannot change after the first savepoint")
  int maxParallelism;

  @Option(
      names = "--window",
      paramLabel = "1m",
      defaultValue = "1m",
      description = "tumbling event-time window of the stats (must divide a day)")
  Duration window;

  @Option(
      names = "--allowed-lateness",
      paramLabel = "1m",
      defaultValue = "1m",
      description = "late events within it update the window's result (a new revision)")
  Duration allowedLateness;

  @Option(
      names = "--late-retention",
      paramLabel = "10m",
      defaultValue = "10m",
      description =
          "how long after the lateness a window's last result is kept to count too-late events")
  Duration lateRetention;

  @Option(
      names = "--out-of-orderness",
      paramLabel = "5s",
      defaultValue = "5s",
      description =
          "watermark delay behind the largest event time of the slowest stream (service, host,"
              + " source) of each Kafka partition")
  Duration outOfOrderness;

  @Option(
      names = "--idleness",
      paramLabel = "30s",
      defaultValue = "30s",
      description =
          "a quiet Kafka partition, or stream within one, stops holding the watermark back after"
              + " this")
  Duration idleness;

  @Option(
      names = "--max-drift",
      paramLabel = "1m",
      defaultValue = "1m",
      description =
          "a Kafka partition whose event time runs this far ahead of the slowest one pauses until"
              + " it catches up (watermark alignment; bounds state in a backfill)")
  Duration maxDrift;

  @Option(
      names = "--roll-interval",
      paramLabel = "5m",
      defaultValue = "5m",
      description =
          "an S3 file is closed after this (or at 64 MiB, or after this much inactivity, capped at"
              + " 5 min)")
  Duration rollInterval;

  @Option(
      names = "--top-paths",
      paramLabel = "10",
      defaultValue = "10",
      description = "paths listed per stats record")
  int topPaths;

  @Option(
      names = "--enable",
      paramLabel = "archive,stats,anomalies",
      defaultValue = "archive,stats",
      description =
          "which sub-graphs run (rejects always run); add anomalies for template mining and the"
              + " detectors")
  String enable;

  @Option(
      names = "--anomaly",
      paramLabel = "evidence-threshold=12",
      description = {
        "detector setting name=value[,name=value], repeatable; names, defaults and ranges:"
            + " docs/reference.md#anomaly-settings",
        "default: AnomalyConfig.defaults()"
      })
  List<String> anomaly = new ArrayList<>();

  /** The sub-graphs {@code --enable} names. */
  Set<JobOptions.Feature> features() {
    Set<JobOptions.Feature> set = EnumSet.noneOf(JobOptions.Feature.class);
    for (String part : enable.split(",")) {
      if (!part.isBlank()) {
        set.add(JobOptions.Feature.parse(part));
      }
    }
    return set;
  }

  /** The detectors' settings: the defaults, {@code --window}, and every {@code --anomaly}. */
  AnomalyConfig anomalyConfig() {
    return AnomalyConfig.parse(String.join(",", anomaly), window);
  }

  void validate() {
    if (features().isEmpty()) {
      throw new OptionsException("--enable: name at least one of archive, stats, anomalies");
    }
    try {
      anomalyConfig();
    } catch (IllegalArgumentException e) {
      throw new OptionsException("--anomaly: " + e.getMessage());
    }
    positive(checkpointInterval, "--checkpoint-interval");
    positive(window, "--window");
    positive(idleness, "--idleness");
    positive(maxDrift, "--max-drift");
    positive(rollInterval, "--roll-interval");
    notNegative(allowedLateness, "--allowed-lateness");
    notNegative(outOfOrderness, "--out-of-orderness");
    notNegative(lateRetention, "--late-retention");
    if (parallelism != null && parallelism > maxParallelism) {
      throw new OptionsException(
          "--parallelism "
              + parallelism
              + " is above --max-parallelism "
              + maxParallelism
              + ": raise --max-parallelism (it cannot change after the first savepoint)");
    }
    if (maxParallelism > 32768) {
      throw new OptionsException("--max-parallelism must be at most 32768");
    }
    if (window.toMillis() == 0 || Duration.ofDays(1).toMillis() % window.toMillis() != 0) {
      throw new OptionsException(
          "--window " + TimeUtils.formatWithHighestUnit(window) + " must divide a day evenly");
    }
  }

  private static void positive(Duration d, String flag) {
    if (d.isZero() || d.isNegative()) {
      throw new OptionsException(flag + " must be positive");
    }
  }

  private static void notNegative(Duration d, String flag) {
    if (d.isNegative()) {
      throw new OptionsException(flag + " must not be negative");
    }
  }
}
