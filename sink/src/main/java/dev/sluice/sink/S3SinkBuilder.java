package dev.sluice.sink;

import dev.sluice.model.layout.PartFilePath;
import dev.sluice.sink.internal.Retrier;
import dev.sluice.sink.internal.S3Store;
import dev.sluice.sink.internal.SinkSettings;
import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds an {@link S3Sink}. Required: {@link #connection}, {@link #bucket}, {@link #table}, {@link
 * #recordClass}, {@link #partitioner}. {@link #build()} checks everything and fails with a message
 * that says which setting to fix.
 *
 * <p>Defaults: rolling at 64 MiB / 15 min open / 5 min idle, zstd, 16 open partitions per writer, 8
 * MiB parts, create the bucket if missing, no retention, 6 attempts per S3 call with backoff from
 * 200 ms to 5 s.
 *
 * @param <T> the Avro specific record type
 */
public final class S3SinkBuilder<T> {
  /** Default bound on open partitions (files) per writer. */
  public static final int DEFAULT_MAX_OPEN_PARTITIONS = 16;

  /** Default multipart part size. */
  public static final int DEFAULT_PART_SIZE = 8 << 20;

  private S3Connection connection;
  private String bucket;
  private String table;
  private Class<T> recordClass;
  private Partitioner<T> partitioner;
  private RollingPolicy rollingPolicy = RollingPolicy.defaults();
  private AvroCompression compression = AvroCompression.ZSTD;
  private int maxOpenPartitions = DEFAULT_MAX_OPEN_PARTITIONS;
  private int partSize = DEFAULT_PART_SIZE;
  private boolean createBucket = true;
  private Duration retention;
  private int maxAttempts = 6;
  private Duration initialBackoff = Duration.ofMillis(200);
  private Duration maxBackoff = Duration.ofSeconds(5);
  private DatumWriterFactory<T> datumWriters = DatumWriterFactory.specific();

  S3SinkBuilder() {}

  /** How to reach S3 (required). */
  public S3SinkBuilder<T> connection(S3Connection connection) {
    this.connection = connection;
    return this;
  }

  /**
   * How records are encoded (default: Avro's {@code SpecificDatumWriter}); a faster writer must
   * write the same bytes, see {@link DatumWriterFactory}.
   */
  public S3SinkBuilder<T> datumWriter(DatumWriterFactory<T> datumWriters) {
    this.datumWriters = datumWriters;
    return this;
  }

  /** The bucket (required); created if missing unless {@link #createBucket(boolean)} says not. */
  public S3SinkBuilder<T> bucket(String bucket) {
    this.bucket = bucket;
    return this;
  }

  /** The table, the first segment of every key: {@code logs}, {@code stats}, … (required). */
  public S3SinkBuilder<T> table(String table) {
    this.table = table;
    return this;
  }

  /** The Avro specific record class, e.g. {@code LogEvent.class} (required). */
  public S3SinkBuilder<T> recordClass(Class<T> recordClass) {
    this.recordClass = recordClass;
    return this;
  }

  /** Record to partition path (required); see {@link HivePartitioner}. */
  public S3SinkBuilder<T> partitioner(Partitioner<T> partitioner) {
    this.partitioner = partitioner;
    return this;
  }

  /** When files are finished (default {@link RollingPolicy#defaults()}). */
  public S3SinkBuilder<T> rollingPolicy(RollingPolicy rollingPolicy) {
    this.rollingPolicy = rollingPolicy;
    return this;
  }

  /** The Avro block codec (default zstd). */
  public S3SinkBuilder<T> compression(AvroCompression compression) {
    this.compression = compression;
    return this;
  }

  /** Open files per writer; one more rolls the least recently written (default 16). */
  public S3SinkBuilder<T> maxOpenPartitions(int maxOpenPartitions) {
    this.maxOpenPartitions = maxOpenPartitions;
    return this;
  }

  /**
   * Bytes per multipart part, 5 MiB to 512 MiB (default 8 MiB). Each open file buffers up to one
   * part in memory.
   */
  public S3SinkBuilder<T> partSize(int bytes) {
    this.partSize = bytes;
    return this;
  }

  /** Whether to create the bucket when it does not exist (default true). */
  public S3SinkBuilder<T> createBucket(boolean createBucket) {
    this.createBucket = createBucket;
    return this;
  }

  /**
   * Expire this table's objects after {@code retention} (whole days, at least one) through the
   * bucket's lifecycle configuration; other rules in the bucket are kept. Default: none.
   */
  public S3SinkBuilder<T> retention(Duration retention) {
    this.retention = retention;
    return this;
  }

  /** Attempts per S3 call and the backoff between them (default 6, 200 ms doubling to 5 s). */
  public S3SinkBuilder<T> retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    return this;
  }

  /**
   * The sink.
   *
   * @throws IllegalArgumentException naming the setting to fix
   */
  public S3Sink<T> build() {
    if (connection == null) {
      throw new IllegalArgumentException(
          "S3 connection is missing: call connection(S3Connection.builder()….build())");
    }
    if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException(
          "bucket '"
              + bucket
              + "' is not a valid bucket name: use 3-63 lower-case letters, digits, '.' or '-'");
    }
    if (!PartFilePath.isValidTable(table)) {
      throw new IllegalArgumentException(
          "table '"
              + table
              + "' is not a valid table name: use lower-case letters, digits and '_',"
              + " starting with a letter (e.g. logs, stats, anomalies, rejects)");
    }
    if (recordClass == null) {
      throw new IllegalArgumentException(
          "record class is missing: call recordClass(YourAvroRecord.class)");
    }
    if (!SpecificRecord.class.isAssignableFrom(recordClass)) {
      throw new IllegalArgumentException(
          "record class "
              + recordClass.getName()
              + " is not an Avro SpecificRecord: generate it from an .avsc schema");
    }
    Schema schema = SpecificData.get().getSchema(recordClass);
    if (datumWriters == null) {
      throw new IllegalArgumentException("datum writer is null: leave it unset for Avro's own");
    }
    if (partitioner == null) {
      throw new IllegalArgumentException(
          "partitioner is missing: e.g. partitioner(HivePartitioner.byTimeAndService(…))");
    }
    if (rollingPolicy == null) {
      throw new IllegalArgumentException("rolling policy is null: leave it unset for the defaults");
    }
    if (compression == null) {
      throw new IllegalArgumentException("compression is null: leave it unset for zstd");
    }
    if (maxOpenPartitions < 1) {
      throw new IllegalArgumentException(
          "maxOpenPartitions must be at least 1, got " + maxOpenPartitions);
    }
    if (partSize < S3Store.MIN_PART_SIZE || partSize > (512 << 20)) {
      throw new IllegalArgumentException(
          "partSize must be between 5 MiB (S3's minimum part) and 512 MiB, got " + partSize);
    }
    if (retention != null && retention.toDays() < 1) {
      throw new IllegalArgumentException(
          "retention must be at least one day (lifecycle rules count whole days), got "
              + retention);
    }
    if (maxAttempts < 1
        || initialBackoff == null
        || maxBackoff == null
        || initialBackoff.isNegative()
        || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "retries: maxAttempts must be at least 1 and 0 <= initialBackoff <= maxBackoff");
    }
    return new S3Sink<>(
        new SinkSettings<>(
            connection,
            bucket,
            table,
            recordClass,
            schema.toString(),
            partitioner,
            rollingPolicy,
            compression,
            maxOpenPartitions,
            partSize,
            createBucket,
            retention,
            new Retrier(maxAttempts, initialBackoff, maxBackoff),
            datumWriters));
  }
}
