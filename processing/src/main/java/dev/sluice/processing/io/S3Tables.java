package dev.sluice.processing.io;

import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.WindowStats;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.source.LogEventDatumWriter;
import dev.sluice.sink.HivePartitioner;
import dev.sluice.sink.RollingPolicy;
import dev.sluice.sink.S3Connection;
import dev.sluice.sink.S3Sink;
import java.time.Duration;

/**
 * The job's S3 tables ({@code logs}, {@code stats}, {@code anomalies}, {@code rejects}), each an
 * exactly-once {@link S3Sink} partitioned by time and service as DESIGN.md's storage layout says.
 * Files roll at 64 MiB or after {@code --roll-interval}, and become visible at the checkpoint
 * after.
 */
public final class S3Tables {
  private S3Tables() {}

  /** Every event, by event time and service. */
  public static S3Sink<LogEvent> logs(JobOptions options) {
    return S3Sink.<LogEvent>builder()
        .connection(connection(options))
        .bucket(options.bucket())
        .table("logs")
        .recordClass(LogEvent.class)
        .datumWriter(LogEventDatumWriter::new)
        .partitioner(HivePartitioner.byTimeAndService(LogEvent::getEventTime, LogEvent::getService))
        .rollingPolicy(rolling(options))
        .build();
  }

  /** Window stats, by window start and service. */
  public static S3Sink<WindowStats> stats(JobOptions options) {
    return S3Sink.<WindowStats>builder()
        .connection(connection(options))
        .bucket(options.bucket())
        .table("stats")
        .recordClass(WindowStats.class)
        .partitioner(
            HivePartitioner.byTimeAndService(WindowStats::getWindowStart, WindowStats::getService))
        .rollingPolicy(rolling(options))
        .build();
  }

  /**
   * Anomalies, by the start of their incident and service, so every record of one incident (OPEN,
   * UPDATED …, RESOLVED) lands in one partition.
   */
  public static S3Sink<Anomaly> anomalies(JobOptions options) {
    return S3Sink.<Anomaly>builder()
        .connection(connection(options))
        .bucket(options.bucket())
        .table("anomalies")
        .recordClass(Anomaly.class)
        .partitioner(HivePartitioner.byTimeAndService(Anomaly::getWindowStart, Anomaly::getService))
        .rollingPolicy(rolling(options))
        .build();
  }

  /** Rejected input, by the time it was received; the service is usually unknown. */
  public static S3Sink<Reject> rejects(JobOptions options) {
    return S3Sink.<Reject>builder()
        .connection(connection(options))
        .bucket(options.bucket())
        .table("rejects")
        .recordClass(Reject.class)
        .partitioner(HivePartitioner.byTime(Reject::getReceivedTime))
        .rollingPolicy(rolling(options))
        .build();
  }

  /**
   * The S3 connection. The secret key never goes into the job graph: the task managers read it from
   * their environment ({@code --s3-credentials-from-env}) or from {@code --s3-secret-key-file}; a
   * secret found only in this process's environment stays in this JVM (see {@link S3Connection}),
   * for jobs on a MiniCluster here.
   */
  public static S3Connection connection(JobOptions options) {
    S3Connection.Builder builder =
        S3Connection.builder().endpoint(options.s3Endpoint()).region(options.s3Region());
    if (options.s3CredentialsFromEnv()) {
      builder.credentialsFromEnvironment();
    } else if (options.s3SecretKeyFile() != null) {
      builder.credentials(options.s3AccessKey(), options.s3SecretKeyFile());
    } else {
      builder.credentials(options.s3AccessKey(), options.s3SecretKey().reveal());
    }
    return builder.build();
  }

  private static RollingPolicy rolling(JobOptions options) {
    Duration roll = options.rollInterval();
    Duration inactivity =
        roll.compareTo(RollingPolicy.DEFAULT_INACTIVITY) < 0
            ? roll
            : RollingPolicy.DEFAULT_INACTIVITY;
    return RollingPolicy.builder().maxAge(roll).inactivity(inactivity).build();
  }
}
