package dev.sluice.processing;

import java.util.List;
import java.util.Optional;

/**
 * Every flag the job accepts, with its default and meaning: the one list that {@code --help}
 * prints, that the configuration reference ({@code docs/reference.md}) is generated from, and that
 * a test checks against what {@link JobOptions#parse} handles.
 *
 * <p>The S3 secret key is deliberately absent: it is never a flag (env {@value
 * JobOptions#ENV_SECRET_KEY} or {@code --s3-secret-key-file}).
 */
public final class JobFlags {
  /**
   * One flag.
   *
   * @param name the flag, e.g. {@code --topic}
   * @param example a valid value, for the reference and the tests; empty for a switch
   * @param defaultText the default as a user reads it
   * @param meaning what it does
   */
  public record Flag(String name, String example, String defaultText, String meaning) {
    /** Whether the flag takes no value. */
    public boolean isSwitch() {
      return example.isEmpty();
    }
  }

  /** All flags, in the order the help lists them. */
  public static final List<Flag> ALL =
      List.of(
          new Flag("--bootstrap-servers", "kafka:9092", "required", "Kafka brokers"),
          new Flag(
              "--topic", "logs", "logs", "topic of LogEvents (the model's single-object encoding)"),
          new Flag(
              "--group-id",
              "sluice-processing",
              "sluice-processing",
              "consumer group (offsets live in checkpoints; committed to the group for"
                  + " monitoring)"),
          new Flag(
              "--starting-offsets",
              "earliest",
              "earliest",
              "where a new group without state starts: earliest or latest"),
          new Flag(
              "--kafka-property",
              "security.protocol=SSL",
              "-",
              "any Kafka client property for the source and the Kafka sinks (TLS, SASL ...),"
                  + " key=value, repeatable; values of keys with password/secret/key/jaas are"
                  + " masked when printed"),
          new Flag("--rejects-topic", "logs.rejects", "logs.rejects", "topic for rejects"),
          new Flag("--stats-topic", "stats", "stats", "topic for window stats"),
          new Flag(
              "--anomalies-topic",
              "anomalies",
              "anomalies",
              "topic for anomalies (keyed by anomaly id)"),
          new Flag(
              "--kafka-delivery",
              "at-least-once",
              "at-least-once",
              "at-least-once or exactly-once (Kafka transactions) for the Kafka sinks"),
          new Flag(
              "--transactional-id-prefix",
              "sluice-processing",
              "sluice-processing",
              "Kafka transactional id prefix; unique per job on one Kafka cluster"),
          new Flag("--s3-endpoint", "http://minio:9000", "required", "http(s)://host:port"),
          new Flag(
              "--s3-access-key",
              "sluice",
              "env " + JobOptions.ENV_ACCESS_KEY,
              "S3 access key (the secret key is never a flag: env "
                  + JobOptions.ENV_SECRET_KEY
                  + " or --s3-secret-key-file)"),
          new Flag(
              "--s3-secret-key-file",
              "/run/secrets/s3-secret-key",
              "env " + JobOptions.ENV_SECRET_KEY,
              "file holding only the S3 secret key, read by the TaskManagers (mount it at this"
                  + " path on each; only the path goes into the job graph); --s3-secret-key is"
                  + " refused (it would show in ps and logs)"),
          new Flag(
              "--s3-credentials-from-env",
              "",
              "off",
              "the task managers read both keys from their own environment instead"),
          new Flag("--s3-region", "us-east-1", "us-east-1", "region to sign for"),
          new Flag("--bucket", "sluice", "sluice", "bucket of the tables (created if missing)"),
          new Flag(
              "--checkpoint-interval",
              "10s",
              "10s",
              "exactly-once checkpoints; files and Kafka transactions commit on completion"),
          new Flag("--parallelism", "2", "cluster default", "job parallelism"),
          new Flag(
              "--max-parallelism",
              "128",
              "128",
              "key groups; cannot change after the first savepoint"),
          new Flag(
              "--window",
              "1m",
              "1m",
              "tumbling event-time window of the stats (must divide a day)"),
          new Flag(
              "--allowed-lateness",
              "1m",
              "1m",
              "late events within it update the window's result (a new revision)"),
          new Flag(
              "--late-retention",
              "10m",
              "10m",
              "how long after the lateness a window's last result is kept to count too-late"
                  + " events"),
          new Flag(
              "--out-of-orderness",
              "5s",
              "5s",
              "watermark delay behind the largest event time of the slowest stream (service, host,"
                  + " source) of each Kafka partition"),
          new Flag(
              "--idleness",
              "30s",
              "30s",
              "a quiet Kafka partition, or stream within one, stops holding the watermark back"
                  + " after this"),
          new Flag(
              "--max-drift",
              "1m",
              "1m",
              "a Kafka partition whose event time runs this far ahead of the slowest one pauses"
                  + " until it catches up (watermark alignment; bounds state in a backfill)"),
          new Flag(
              "--roll-interval",
              "5m",
              "5m",
              "an S3 file is closed after this (or at 64 MiB, or after this much inactivity,"
                  + " capped at 5 min)"),
          new Flag("--top-paths", "10", "10", "paths listed per stats record"),
          new Flag(
              "--enable",
              "archive,stats,anomalies",
              "archive,stats",
              "which sub-graphs run (rejects always run); add anomalies for template mining and"
                  + " the detectors"),
          new Flag(
              "--anomaly",
              "evidence-threshold=12",
              "AnomalyConfig.defaults()",
              "detector setting name=value[,name=value], repeatable; names, defaults and ranges:"
                  + " docs/reference.md#anomaly-settings"));

  private JobFlags() {}

  /** The flag called {@code name}, if the job has one. */
  public static Optional<Flag> find(String name) {
    return ALL.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The help text: usage line and one line per flag. */
  public static String help() {
    StringBuilder out =
        new StringBuilder(
            "usage: flink run sluice-job.jar --bootstrap-servers HOSTS --s3-endpoint URL"
                + " [flag value]...\n"
                + "The S3 secret key comes from env "
                + JobOptions.ENV_SECRET_KEY
                + " (for a local run only), --s3-secret-key-file or, with"
                + " --s3-credentials-from-env, the TaskManagers' environment; it never goes into"
                + " the job graph.\n\n");
    for (Flag flag : ALL) {
      String head = flag.isSwitch() ? flag.name() : flag.name() + " " + flag.example();
      out.append(
          String.format("  %-42s %s (default: %s)%n", head, flag.meaning(), flag.defaultText()));
    }
    return out.toString();
  }
}
