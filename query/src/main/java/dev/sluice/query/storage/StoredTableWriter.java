package dev.sluice.query.storage;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Writes records as one Avro object container file (schema embedded, compressed) into the stored
 * layout {@code <table>/dt=…/hour=…/service=…/<part>.avro}. For test fixtures and benchmarks; the
 * pipeline's own writer is the sink. Spools through a temporary file, so objects of any size use
 * little memory.
 */
public final class StoredTableWriter {
  private final MinioClient client;
  private final String bucket;
  private final CodecFactory codec;

  public StoredTableWriter(MinioClient client, String bucket, CodecFactory codec) {
    this.client = client;
    this.bucket = bucket;
    this.codec = codec;
  }

  /** The object key of a part of a table's partition. */
  public static String key(String table, PartitionPath partition, String partName) {
    return table + "/" + partition.prefix() + partName + ".avro";
  }

  /** Writes {@code records} (of {@code schema}) as one object and returns its key. */
  public String write(
      String table,
      PartitionPath partition,
      String partName,
      Schema schema,
      Iterator<? extends IndexedRecord> records) {
    return writeKey(key(table, partition, partName), schema, records);
  }

  /** Writes {@code records} as one object at exactly {@code key}. */
  public String writeKey(String key, Schema schema, Iterator<? extends IndexedRecord> records) {
    Path file = null;
    try {
      file = Files.createTempFile("sluice-part-", ".avro");
      try (DataFileWriter<IndexedRecord> writer =
          new DataFileWriter<>(
              new GenericDatumWriter<IndexedRecord>(schema, SpecificData.getForSchema(schema)))) {
        writer.setCodec(codec);
        writer.create(schema, file.toFile());
        while (records.hasNext()) {
          writer.append(records.next());
        }
      }
      long size = Files.size(file);
      try (InputStream in = Files.newInputStream(file)) {
        client.putObject(
            PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, -1).build());
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + key, e);
    } catch (Exception e) {
      throw StorageException.from(e, "upload s3://" + bucket + "/" + key);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a leftover temporary file is harmless
        }
      }
    }
  }
}
