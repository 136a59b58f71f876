package dev.sluice.cli;

import dev.sluice.local.EmbeddedS3;
import dev.sluice.model.LogEvent;
import dev.sluice.query.QueryConfig;
import dev.sluice.query.bench.QueryBenchmark;
import dev.sluice.ship.UserException;
import dev.sluice.sink.DirectSinkRun;
import dev.sluice.sink.HivePartitioner;
import dev.sluice.sink.S3Connection;
import dev.sluice.sink.S3Sink;
import io.minio.MakeBucketArgs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench query}: the query engine against plain projected Avro readers of the same
 * stored table, in the same run, on an embedded S3 server: rows/s of a full-scan aggregate against
 * a reader of every object, and the time of a one-service, one-hour query against a reader of only
 * that partition's prefix; medians of interleaved rounds, their ratios and the load average. The
 * table is stored by the S3 sink's own writer and committer ({@link DirectSinkRun}), so the objects
 * are those the pipeline writes.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description =
        "Write a logs table of N events over days x 24 hours x services partitions into an"
            + " embedded S3 server, then measure sluice query against plain Avro readers projected"
            + " to the fields the question needs, interleaved over rounds: rows/s of a full-scan"
            + " aggregate against a reader of every object, and the time of a one-service,"
            + " one-hour query against a reader that lists only that partition's prefix; print"
            + " the medians, their ratios and the load average.")
public final class BenchQueryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "1000000",
      description = "Events in the table (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--days",
      defaultValue = "2",
      description = "Days of hourly partitions (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--services",
      defaultValue = "4",
      description = "Services per hour, one object each (default: ${DEFAULT-VALUE}).")
  int services;

  @Option(
      names = "--repeats",
      defaultValue = "3",
      description =
          "Measured rounds after a warm-up, each running every side once; the median counts"
              + " (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--s3-storage",
      defaultValue = "DISK",
      description =
          "Where the embedded server keeps objects: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  EmbeddedS3.Storage storage;

  @Override
  public Integer call() throws Exception {
    QueryBenchmark.Options options;
    try {
      options = new QueryBenchmark.Options(events, days, services, repeats);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("sluice-bench-query-");
    try (EmbeddedS3 s3 = EmbeddedS3.start(storage, dir, true, 0)) {
      String bucket = "bench-query";
      QueryConfig config =
          QueryConfig.builder()
              .endpoint(s3.endpoint())
              .bucket(bucket)
              .accessKey(EmbeddedS3.ACCESS_KEY)
              .secretKey(EmbeddedS3.SECRET_KEY)
              .build();
      try (io.minio.MinioClient client = dev.sluice.query.QueryEngine.client(config)) {
        client.makeBucket(
            MakeBucketArgs.builder().bucket(bucket).region(EmbeddedS3.REGION).build());
      }
      out.println("sluice bench query: embedded S3 at " + s3.endpoint());
      S3Sink<LogEvent> logs =
          S3Sink.<LogEvent>builder()
              .connection(
                  S3Connection.builder()
                      .endpoint(s3.endpoint())
                      .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)
                      .build())
              .bucket(bucket)
              .table("logs")
              .recordClass(LogEvent.class)
              .partitioner(
                  HivePartitioner.byTimeAndService(LogEvent::getEventTime, LogEvent::getService))
              .build();
      QueryBenchmark.Report report =
          QueryBenchmark.run(config, options, events -> DirectSinkRun.writeAll(logs, events), out);
      out.println();
      report.print(out);
    }
    return 0;
  }
}
