package dev.sluice.query.storage;

import dev.sluice.query.ScanStatistics;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Streams the records of one stored Avro container file from S3. Only the current block is held in
 * memory; the schema in the file is resolved to the given reader schema, so fields outside it are
 * skipped, not decoded.
 */
public final class AvroObjectReader implements AutoCloseable {
  private static final int BUFFER_BYTES = 256 * 1024;

  private final StoredObject object;
  private final InputStream stream;
  private final DataFileStream<GenericRecord> records;
  private final ScanStatistics statistics;
  private GenericRecord reuse;
  private long rowsUncounted;

  private AvroObjectReader(
      StoredObject object,
      InputStream stream,
      DataFileStream<GenericRecord> records,
      ScanStatistics statistics) {
    this.object = object;
    this.stream = stream;
    this.records = records;
    this.statistics = statistics;
  }

  /** Opens {@code object} for reading with {@code readerSchema}. */
  public static AvroObjectReader open(
      MinioClient client,
      String bucket,
      StoredObject object,
      Schema readerSchema,
      ScanStatistics statistics) {
    InputStream stream = null;
    try {
      stream =
          new BufferedInputStream(
              new CountingStream(
                  client.getObject(
                      GetObjectArgs.builder().bucket(bucket).object(object.key()).build()),
                  statistics),
              BUFFER_BYTES);
      statistics.objectOpened();
      DataFileStream<GenericRecord> records =
          new DataFileStream<>(stream, new GenericDatumReader<>(null, readerSchema));
      return new AvroObjectReader(object, stream, records, statistics);
    } catch (Exception e) {
      closeQuietly(stream);
      throw StorageException.from(e, "read s3://" + bucket + "/" + object.key());
    }
  }

  /** The next record (reusing the previous one's memory), or null at the end of the object. */
  public GenericRecord next() {
    try {
      if (!records.hasNext()) {
        return null;
      }
      reuse = records.next(reuse);
      if (++rowsUncounted == 1024) {
        countRows();
      }
      return reuse;
    } catch (IOException | RuntimeException e) {
      throw new StorageException("cannot decode s3://…/" + object.key() + ": " + e.getMessage(), e);
    }
  }

  public StoredObject object() {
    return object;
  }

  @Override
  public void close() {
    countRows();
    closeQuietly(records);
    closeQuietly(stream);
  }

  /** Adds the rows decoded since the last count to the statistics (one atomic add per batch). */
  private void countRows() {
    statistics.rowsDecoded(rowsUncounted);
    rowsUncounted = 0;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing a half-read HTTP stream may fail; nothing to do about it
      }
    }
  }

  /** Counts the bytes that actually came over the network. */
  private static final class CountingStream extends FilterInputStream {
    private final ScanStatistics statistics;

    CountingStream(InputStream in, ScanStatistics statistics) {
      super(in);
      this.statistics = statistics;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        statistics.bytesRead(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        statistics.bytesRead(n);
      }
      return n;
    }
  }
}
