package dev.sluice.query.bench;

import dev.sluice.model.layout.PartFilePath.Partition;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * The benchmark's baseline: what a program does without a query engine. Lists every object of
 * {@code logs}, streams and decodes every record with the plain Avro reader (the file's own schema,
 * every field), and filters and aggregates in Java: events and HTTP bytes by service and level.
 */
final class PlainAvroScan {
  private final MinioClient client;
  private final String bucket;

  PlainAvroScan(MinioClient client, String bucket) {
    this.client = client;
    this.bucket = bucket;
  }

  /**
   * Count and bytes by {@code service|level} over every record, or, when {@code only} is given,
   * over the records of that service and hour, keyed {@code |level}.
   */
  Map<String, long[]> aggregate(Partition only) throws Exception {
    Map<String, long[]> groups = new TreeMap<>();
    GenericRecord record = null;
    for (Item item : objects()) {
      try (InputStream in =
              new BufferedInputStream(
                  client.getObject(
                      GetObjectArgs.builder().bucket(bucket).object(item.objectName()).build()),
                  256 * 1024);
          DataFileStream<GenericRecord> records =
              new DataFileStream<>(in, new GenericDatumReader<>())) {
        while (records.hasNext()) {
          record = records.next(record);
          String service = record.get("service").toString();
          String level = record.get("level").toString();
          if (only != null) {
            long time = (Long) record.get("eventTime");
            if (!service.equals(only.service())
                || time < only.startMillis()
                || time >= only.endMillis()) {
              continue;
            }
          }
          GenericRecord http = (GenericRecord) record.get("http");
          Object bytes = http == null ? null : http.get("bytes");
          long[] group =
              groups.computeIfAbsent(
                  only == null ? service + "|" + level : "|" + level, k -> new long[2]);
          group[0]++;
          group[1] += bytes == null ? 0 : (Long) bytes;
        }
      }
    }
    return groups;
  }

  int objectCount() throws Exception {
    return objects().size();
  }

  long storedBytes() {
    try {
      return objects().stream().mapToLong(Item::size).sum();
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the generated table", e);
    }
  }

  private List<Item> objects() throws Exception {
    List<Item> items = new ArrayList<>();
    for (Result<Item> result :
        client.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix("logs/").recursive(true).build())) {
      Item item = result.get();
      if (item.objectName().endsWith(".avro")) {
        items.add(item);
      }
    }
    return items;
  }
}
