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

  /**
   * Whether the table's objects lie under a {@code service=} level: its records carry a {@code
   * service} field ({@code logs}, {@code stats}, {@code anomalies}, not {@code rejects}).
   */
  public boolean partitionedByService() {
    return schema.getField("service") != null;
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
   * and of a nested record (such as {@code http}) only the sub-fields they read, so Avro skips the
   * others without building them.
   */
  public Schema readerSchema(List<Column> projected) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      List<Column> reading =
          projected.stream().filter(c -> field.name().equals(c.avroField())).toList();
      if (reading.isEmpty()) {
        continue;
      }
      boolean wholeField = reading.stream().anyMatch(c -> c.avroSubField() == null);
      Schema fieldSchema =
          wholeField
              ? field.schema()
              : withOnly(field.schema(), reading.stream().map(Column::avroSubField).toList());
      fields.add(new Schema.Field(field, fieldSchema));
    }
    return Schema.createRecord(
        schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
  }

  /**
   * A nested record schema (or a union holding one) reduced to the named sub-fields, keeping its
   * name so that it still resolves against the writer's record.
   */
  private static Schema withOnly(Schema schema, List<String> subFields) {
    if (schema.getType() == Schema.Type.UNION) {
      List<Schema> branches = new ArrayList<>();
      for (Schema branch : schema.getTypes()) {
        branches.add(withOnly(branch, subFields));
      }
      return Schema.createUnion(branches);
    }
    if (schema.getType() != Schema.Type.RECORD) {
      return schema;
    }
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field sub : schema.getFields()) {
      if (subFields.contains(sub.name())) {
        kept.add(new Schema.Field(sub, sub.schema()));
      }
    }
    Schema reduced =
        Schema.createRecord(
            schema.getName(), schema.getDoc(), schema.getNamespace(), schema.isError(), kept);
    schema.getAliases().forEach(reduced::addAlias);
    return reduced;
  }
}
