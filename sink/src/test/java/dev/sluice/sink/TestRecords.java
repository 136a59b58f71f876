package dev.sluice.sink;

import dev.sluice.model.LogEvent;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;

/** Test data and read-back helpers shared by the sink's tests. */
public final class TestRecords {
  private TestRecords() {}

  /** An event with a given id, service and time; {@code padding} adds message bytes. */
  public static LogEvent event(long id, String service, Instant time, int padding) {
    StringBuilder message = new StringBuilder("event ").append(id);
    if (padding > 0) {
      // cheap, poorly compressible filler derived from the id
      long x = id * 0x9E3779B97F4A7C15L + 1;
      while (message.length() < padding) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        message.append(Long.toString(x & Long.MAX_VALUE, 36));
      }
    }
    return LogEvent.newBuilder()
        .setId(Long.toString(id))
        .setEventTime(time)
        .setIngestTime(time)
        .setService(service)
        .setMessage(message.toString())
        .build();
  }

  /** Keys of all objects in the bucket under {@code prefix}. */
  public static List<String> keys(MinioClient client, String bucket, String prefix)
      throws Exception {
    List<String> keys = new ArrayList<>();
    for (Result<Item> r :
        client.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
      keys.add(r.get().objectName());
    }
    return keys;
  }

  /** The ids in every Avro file under {@code table/}, read with Avro's own reader. */
  public static List<String> storedIds(MinioClient client, String bucket, String table)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (String key : keys(client, bucket, table + "/")) {
      try (InputStream in =
              client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
          DataFileStream<LogEvent> events =
              new DataFileStream<>(in, new SpecificDatumReader<>(LogEvent.class))) {
        for (LogEvent e : events) {
          ids.add(e.getId().toString());
        }
      }
    }
    return ids;
  }
}
