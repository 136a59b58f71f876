package dev.sluice.processing;

import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.WindowStats;
import dev.sluice.processing.io.KafkaIo;
import dev.sluice.processing.io.S3Tables;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.types.Either;

/**
 * The job's source and sinks, passed to {@link SluiceJob#build} so that {@code main()} wires the
 * production ones (Kafka, S3) and tests wire their own. A sink may be null when its sub-graph is
 * switched off or a test does not need it.
 *
 * @param source the {@code logs} topic, decoded in the source into events or rejects (see {@link
 *     dev.sluice.processing.source.LogEventDeserializer})
 * @param archive the {@code logs} table
 * @param statsTable the {@code stats} table
 * @param statsTopic the {@code stats} topic
 * @param rejectsTable the {@code rejects} table
 * @param rejectsTopic the {@code logs.rejects} topic
 * @param anomaliesTable the {@code anomalies} table
 * @param anomaliesTopic the {@code anomalies} topic
 */
public record JobIo(
    Source<Either<LogEvent, Reject>, ?, ?> source,
    Sink<LogEvent> archive,
    Sink<WindowStats> statsTable,
    Sink<WindowStats> statsTopic,
    Sink<Reject> rejectsTable,
    Sink<Reject> rejectsTopic,
    Sink<Anomaly> anomaliesTable,
    Sink<Anomaly> anomaliesTopic) {

  public JobIo {
    Objects.requireNonNull(source, "source");
  }

  /** Without anomaly sinks. */
  public JobIo(
      Source<Either<LogEvent, Reject>, ?, ?> source,
      Sink<LogEvent> archive,
      Sink<WindowStats> statsTable,
      Sink<WindowStats> statsTopic,
      Sink<Reject> rejectsTable,
      Sink<Reject> rejectsTopic) {
    this(source, archive, statsTable, statsTopic, rejectsTable, rejectsTopic, null, null);
  }

  /** Kafka in, S3 tables and Kafka topics out, as the options say. */
  public static JobIo production(JobOptions options) {
    boolean archive = options.enabled(JobOptions.Feature.ARCHIVE);
    boolean stats = options.enabled(JobOptions.Feature.STATS);
    boolean anomalies = options.enabled(JobOptions.Feature.ANOMALIES);
    return new JobIo(
        KafkaIo.source(options),
        archive ? S3Tables.logs(options) : null,
        stats ? S3Tables.stats(options) : null,
        stats ? KafkaIo.statsSink(options) : null,
        S3Tables.rejects(options),
        KafkaIo.rejectsSink(options),
        anomalies ? S3Tables.anomalies(options) : null,
        anomalies ? KafkaIo.anomaliesSink(options) : null);
  }
}
