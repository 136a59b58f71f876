package dev.sluice.query.table;

import dev.sluice.model.layout.PartFilePath.Partition;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * One SQL column of a stored table: its name, its SQL type, the top-level Avro field it comes from
 * (none for the partition columns {@code dt} and {@code hour}) and how to take its value out of a
 * decoded record.
 */
public final class Column {
  private final String name;
  private final Function<RelDataTypeFactory, RelDataType> type;
  private final String avroField;
  private final String avroSubField;
  private final Function<Schema, Extractor> binder;

  Column(
      String name,
      Function<RelDataTypeFactory, RelDataType> type,
      String avroField,
      Function<Schema, Extractor> binder) {
    this(name, type, avroField, null, binder);
  }

  Column(
      String name,
      Function<RelDataTypeFactory, RelDataType> type,
      String avroField,
      String avroSubField,
      Function<Schema, Extractor> binder) {
    this.name = name;
    this.type = type;
    this.avroField = avroField;
    this.avroSubField = avroSubField;
    this.binder = binder;
  }

  public String name() {
    return name;
  }

  public RelDataType sqlType(RelDataTypeFactory factory) {
    return type.apply(factory);
  }

  /** The top-level Avro field this column reads, or null for a partition column. */
  public String avroField() {
    return avroField;
  }

  /**
   * The field of the nested record {@link #avroField()} this column reads ({@code bytes} for {@code
   * http_bytes}), or null when the column takes the whole top-level field.
   */
  public String avroSubField() {
    return avroSubField;
  }

  /** An extractor for records decoded with {@code readerSchema} (which must hold avroField). */
  public Extractor bind(Schema readerSchema) {
    return binder.apply(readerSchema);
  }

  /** Takes one column's value, in Calcite's internal form, out of a record and its partition. */
  @FunctionalInterface
  public interface Extractor {
    Object extract(GenericRecord record, Partition partition);
  }

  @Override
  public String toString() {
    return name;
  }
}
