package dev.sluice.cli;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * The committed records of one Sluice table ({@code logs}, {@code stats} …) on S3, read as often as
 * a test likes: committed objects never change (their keys are deterministic and written once), so
 * each {@link #read()} fetches only the objects it has not seen and keeps the rest.
 */
final class StoredTable<T extends SpecificRecord> {
  private final MinioClient s3;
  private final String bucket;
  private final String table;
  private final Class<T> type;
  private final Map<String, List<T>> byObject = new LinkedHashMap<>();

  StoredTable(MinioClient s3, String bucket, String table, Class<T> type) {
    this.s3 = s3;
    this.bucket = bucket;
    this.table = table;
    this.type = type;
  }

  /** All records under {@code <table>/} now, duplicates included. */
  List<T> read() throws Exception {
    List<T> records = new ArrayList<>();
    for (Result<Item> result :
        s3.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(table + "/").recursive(true).build())) {
      String key = result.get().objectName();
      if (key.endsWith(".avro")) {
        records.addAll(byObject.computeIfAbsent(key, this::fetch));
      }
    }
    return records;
  }

  /** How many objects were read so far. */
  int objects() {
    return byObject.size();
  }

  private List<T> fetch(String key) {
    List<T> records = new ArrayList<>();
    try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        DataFileStream<T> file = new DataFileStream<>(in, new SpecificDatumReader<>(type))) {
      for (T record : file) {
        records.add(record);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read s3://" + bucket + "/" + key, e);
    }
    return records;
  }
}
