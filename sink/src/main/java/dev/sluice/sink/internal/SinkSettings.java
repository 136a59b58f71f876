package dev.sluice.sink.internal;

import dev.sluice.sink.AvroCompression;
import dev.sluice.sink.DatumWriterFactory;
import dev.sluice.sink.Partitioner;
import dev.sluice.sink.RollingPolicy;
import dev.sluice.sink.S3Connection;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Everything an {@code S3Sink} was built with, checked by its builder, shipped to the task
 * managers.
 *
 * @param connection how to reach S3
 * @param bucket the bucket
 * @param table the table: first segment of every key
 * @param recordClass the Avro specific record class
 * @param schemaJson the schema of {@code recordClass}, as JSON
 * @param partitioner record to partition path
 * @param rollingPolicy when files are finished
 * @param compression the Avro block codec
 * @param maxOpenPartitions open files per writer before the least recently written is rolled
 * @param partSize bytes per multipart-upload part (at least 5 MiB)
 * @param createBucket whether to create the bucket if missing
 * @param retention expire table objects older than this through the bucket lifecycle, or null
 * @param retrier retries of S3 calls
 * @param datumWriters makes the writer that encodes records
 */
public record SinkSettings<T>(
    S3Connection connection,
    String bucket,
    String table,
    Class<T> recordClass,
    String schemaJson,
    Partitioner<T> partitioner,
    RollingPolicy rollingPolicy,
    AvroCompression compression,
    int maxOpenPartitions,
    int partSize,
    boolean createBucket,
    Duration retention,
    Retrier retrier,
    DatumWriterFactory<T> datumWriters)
    implements Serializable {

  /** Checks for nulls; the builder checks the values. */
  public SinkSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(recordClass, "recordClass");
    Objects.requireNonNull(schemaJson, "schemaJson");
    Objects.requireNonNull(partitioner, "partitioner");
    Objects.requireNonNull(rollingPolicy, "rollingPolicy");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(retrier, "retrier");
    Objects.requireNonNull(datumWriters, "datumWriters");
  }

  /** The parsed schema. */
  public Schema schema() {
    return new Schema.Parser().parse(schemaJson);
  }
}
