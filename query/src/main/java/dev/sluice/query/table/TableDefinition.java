package dev.sluice.query.table;

import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.WindowStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * One stored table: its name (also its top-level prefix in the bucket), the Avro schema its records
 * are read with (the model's current schema; older files resolve to it), its SQL columns, and the
 * timestamp column whose UTC hour decides the {@code dt=}/{@code hour=} partition, so that
 * predicates on that column prune partitions.
 */
public record TableDefinition(
    String name, Schema schema, String partitionTimeColumn, List<Column> columns) {

  public static final TableDefinition LOGS = of("logs", LogEvent.getClassSchema(), "eventTime");
  public static final TableDefinition STATS =
      of("stats", WindowStats.getClassSchema(), "windowStart");
  public static final TableDefinition ANOMALIES =
      of("anomalies", Anomaly.getClassSchema(), "windowStart");
  public static final TableDefinition REJECTS =
      of("rejects", Reject.getClassSchema(), "receivedTime");

  /** The four tables of a Sluice bucket. */
  public static List<TableDefinition> all() {
    return List.of(LOGS, STATS, ANOMALIES, REJECTS);
  }

  /** A table over records of {@code schema}, with the partition columns added. */
  public static TableDefinition of(String name, Schema schema, String partitionTimeColumn) {
    List<Column> columns = new ArrayList<>(AvroColumns.of(schema));
    columns.addAll(AvroColumns.partitionColumns());
    if (columns.stream().noneMatch(c -> c.name().equals("service"))) {
      columns.add(AvroColumns.servicePartitionColumn());
    }
    return new TableDefinition(name, schema, partitionTimeColumn, List.copyOf(columns));
  }

  /** The column with this name, ignoring case. */
  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
  }

  /** Position of a column in the row, or -1. */
  public int indexOf(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equalsIgnoreCase(columnName)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The reader schema for a projection: the record with only the top-level fields the columns need,
   * so Avro skips the others without building them.
   */
  public Schema readerSchema(List<Column> projected) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      if (projected.stream().anyMatch(c -> field.name().equals(c.avroField()))) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }
}
