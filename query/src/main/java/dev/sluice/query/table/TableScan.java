package dev.sluice.query.table;

import dev.sluice.model.layout.PartFilePath.Partition;
import dev.sluice.query.ScanStatistics;
import dev.sluice.query.storage.AvroObjectReader;
import dev.sluice.query.storage.StoredObject;
import io.minio.MinioClient;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Rows of a table, one object at a time: the next object is listed and opened only when the
 * previous one is exhausted, and {@link #close()} (which Calcite calls when a LIMIT is reached or
 * the result is closed) stops reading. Holds at most one open object.
 */
final class TableScan implements Enumerator<Object[]> {
  private final Iterator<StoredObject> objects;
  private final Schema readerSchema;
  private final List<Column> columns;
  private final Column.Extractor[] extractors;
  private final RowCheck check;
  private final MinioClient client;
  private final String bucket;
  private final ScanStatistics statistics;
  private final AtomicBoolean cancelled;
  private AvroObjectReader reader;
  private Object[] current;

  TableScan(
      Iterator<StoredObject> objects,
      Schema readerSchema,
      List<Column> columns,
      RowCheck check,
      MinioClient client,
      String bucket,
      ScanStatistics statistics,
      AtomicBoolean cancelled) {
    this.objects = objects;
    this.readerSchema = readerSchema;
    this.columns = columns;
    this.extractors = new Column.Extractor[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      extractors[i] = columns.get(i).bind(readerSchema);
    }
    this.check = check;
    this.client = client;
    this.bucket = bucket;
    this.statistics = statistics;
    this.cancelled = cancelled;
  }

  @Override
  public Object[] current() {
    return current;
  }

  @Override
  public boolean moveNext() {
    while (cancelled == null || !cancelled.get()) {
      if (reader == null) {
        if (!objects.hasNext()) {
          current = null;
          return false;
        }
        reader = AvroObjectReader.open(client, bucket, objects.next(), readerSchema, statistics);
      }
      GenericRecord record = reader.next();
      if (record != null) {
        if (!check.passes(record, reader.object().partition())) {
          continue;
        }
        Object[] row = new Object[extractors.length];
        for (int i = 0; i < extractors.length; i++) {
          row[i] = extractors[i].extract(record, reader.object().partition());
        }
        current = row;
        return true;
      }
      reader.close();
      reader = null;
    }
    return false;
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("a table scan cannot be restarted");
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  @Override
  public String toString() {
    return "TableScan" + columns;
  }

  /** Row conditions the scan checks itself: each column must equal its text value. */
  static final class RowCheck {
    private final Column.Extractor[] extractors;
    private final String[] values;

    RowCheck(List<Column> columns, List<String> values, Schema readerSchema) {
      this.extractors = new Column.Extractor[columns.size()];
      for (int i = 0; i < extractors.length; i++) {
        extractors[i] = columns.get(i).bind(readerSchema);
      }
      this.values = values.toArray(String[]::new);
    }

    boolean passes(GenericRecord record, Partition partition) {
      for (int i = 0; i < extractors.length; i++) {
        if (!values[i].equals(extractors[i].extract(record, partition))) {
          return false;
        }
      }
      return true;
    }
  }
}
