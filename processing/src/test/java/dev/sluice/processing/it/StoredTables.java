package dev.sluice.processing.it;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;

/** Reads a table's committed Avro files back from S3, as any reader of the bucket would. */
final class StoredTables {
  private StoredTables() {}

  static <T> List<T> read(MinioClient client, String bucket, String table, Class<T> type) {
    List<T> records = new ArrayList<>();
    try {
      for (Result<Item> result :
          client.listObjects(
              ListObjectsArgs.builder()
                  .bucket(bucket)
                  .prefix(table + "/")
                  .recursive(true)
                  .build())) {
        String key = result.get().objectName();
        if (!key.endsWith(".avro")) {
          continue;
        }
        try (InputStream in =
                client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
            DataFileStream<T> file = new DataFileStream<>(in, new SpecificDatumReader<>(type))) {
          file.forEach(records::add);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read table " + table + " from " + bucket, e);
    }
    return records;
  }
}
