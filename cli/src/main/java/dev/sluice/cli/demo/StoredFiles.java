package dev.sluice.cli.demo;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the committed Avro files of each table in a bucket by listing it, as a reader sees them
 * (the sink makes a file visible only when its checkpoint completes).
 *
 * <p>Guarantees: never throws; a table that cannot be listed is reported as such.
 */
final class StoredFiles {
  static final List<String> TABLES = List.of("logs", "stats", "anomalies", "rejects");

  private StoredFiles() {}

  /** E.g. "57 Avro files (logs 40, stats 12, anomalies 5, rejects 0)". */
  static String describe(MinioClient s3, String bucket) {
    long total = 0;
    List<String> parts = new ArrayList<>();
    for (String table : TABLES) {
      try {
        long n = 0;
        for (Result<Item> r :
            s3.listObjects(
                ListObjectsArgs.builder()
                    .bucket(bucket)
                    .prefix(table + "/")
                    .recursive(true)
                    .build())) {
          if (r.get().objectName().endsWith(".avro")) {
            n++;
          }
        }
        total += n;
        parts.add(table + " " + n);
      } catch (Exception e) {
        parts.add(table + " unknown (" + e.getMessage() + ")");
      }
    }
    return total + " Avro files (" + String.join(", ", parts) + ")";
  }
}
