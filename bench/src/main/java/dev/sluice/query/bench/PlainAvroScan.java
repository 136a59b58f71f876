package dev.sluice.query.bench;

import dev.sluice.model.LogEvent;
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
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * The benchmark's baselines: what a program that knows its question does without a query engine,
 * reading with the plain Avro reader and aggregating in a plain loop. Both read with a reader
 * schema of only the fields the question needs ({@code service}, {@code level} and {@code
 * http.bytes}), so Avro skips every other field, exactly as the engine's projection lets it:
 *
 * <ul>
 *   <li>{@link #scanAll()} lists every object of {@code logs} and counts events and HTTP bytes by
 *       service and level;
 *   <li>{@link #scanPartition(Partition)} lists only the one {@code dt/hour/service} prefix it
 *       knows (built by the model's {@link Partition#toPath()}, as the sink names it), reads only
 *       those objects and counts by level.
 * </ul>
 */
final class PlainAvroScan {
  private static final String TABLE_PREFIX = "logs/";

  private final MinioClient client;
  private final String bucket;
  private final Schema scanSchema = projection(true);
  private final Schema partitionSchema = projection(false);

  PlainAvroScan(MinioClient client, String bucket) {
    this.client = client;
    this.bucket = bucket;
  }

  /** Count and HTTP bytes by {@code service|level} over every object of the table. */
  Map<String, long[]> scanAll() throws Exception {
    Map<String, long[]> groups = new TreeMap<>();
    for (Item item : objects(TABLE_PREFIX)) {
      try (DataFileStream<GenericRecord> records = open(item, scanSchema)) {
        GenericRecord record = null;
        while (records.hasNext()) {
          record = records.next(record);
          String key = record.get(0).toString() + "|" + record.get(1).toString();
          add(groups.computeIfAbsent(key, k -> new long[2]), (GenericRecord) record.get(2));
        }
      }
    }
    return groups;
  }

  /**
   * Count and HTTP bytes by {@code |level} over the objects of one partition, listing only its
   * prefix: the objects under it hold only that service's events of that hour.
   */
  Map<String, long[]> scanPartition(Partition partition) throws Exception {
    Map<String, long[]> groups = new TreeMap<>();
    for (Item item : objects(TABLE_PREFIX + partition.toPath() + "/")) {
      try (DataFileStream<GenericRecord> records = open(item, partitionSchema)) {
        GenericRecord record = null;
        while (records.hasNext()) {
          record = records.next(record);
          add(
              groups.computeIfAbsent("|" + record.get(0).toString(), k -> new long[2]),
              (GenericRecord) record.get(1));
        }
      }
    }
    return groups;
  }

  /** The number of objects the full scan reads and of those under one partition's prefix. */
  int objectCount(Partition partition) throws Exception {
    return objects(partition == null ? TABLE_PREFIX : TABLE_PREFIX + partition.toPath() + "/")
        .size();
  }

  long storedBytes() throws Exception {
    return objects(TABLE_PREFIX).stream().mapToLong(Item::size).sum();
  }

  private static void add(long[] group, GenericRecord http) {
    group[0]++;
    Object bytes = http == null ? null : http.get(0);
    group[1] += bytes == null ? 0 : (Long) bytes;
  }

  private DataFileStream<GenericRecord> open(Item item, Schema readerSchema) throws Exception {
    InputStream in =
        new BufferedInputStream(
            client.getObject(
                GetObjectArgs.builder().bucket(bucket).object(item.objectName()).build()),
            256 * 1024);
    try {
      return new DataFileStream<>(in, new GenericDatumReader<>(null, readerSchema));
    } catch (Exception e) {
      in.close();
      throw e;
    }
  }

  private List<Item> objects(String prefix) throws Exception {
    List<Item> items = new ArrayList<>();
    for (Result<Item> result :
        client.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
      Item item = result.get();
      if (item.objectName().endsWith(".avro")) {
        items.add(item);
      }
    }
    return items;
  }

  /**
   * {@code LogEvent} with only {@code service} (when {@code withService}), {@code level} and {@code
   * http} holding only {@code bytes}, in that order.
   */
  private static Schema projection(boolean withService) {
    Schema full = LogEvent.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    if (withService) {
      fields.add(copy(full.getField("service")));
    }
    fields.add(copy(full.getField("level")));
    Schema.Field http = full.getField("http");
    Schema httpRecord =
        http.schema().getTypes().stream()
            .filter(s -> s.getType() == Schema.Type.RECORD)
            .findFirst()
            .orElseThrow();
    Schema bytesOnly =
        Schema.createRecord(
            httpRecord.getName(),
            null,
            httpRecord.getNamespace(),
            false,
            List.of(copy(httpRecord.getField("bytes"))));
    fields.add(
        new Schema.Field(
            "http",
            Schema.createUnion(Schema.create(Schema.Type.NULL), bytesOnly),
            null,
            Schema.Field.NULL_DEFAULT_VALUE));
    return Schema.createRecord(full.getName(), null, full.getNamespace(), false, fields);
  }

  private static Schema.Field copy(Schema.Field field) {
    return new Schema.Field(field, field.schema());
  }
}
