package dev.sluice.query.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Derives SQL columns from an Avro record schema. Scalars map one to one; a nested record (such as
 * {@code http}) is flattened into {@code http_method}, {@code http_status}, …; an array of records
 * (such as {@code exemplars}) becomes one array column per sub-field ({@code exemplars_eventId},
 * …); maps become {@code MAP<VARCHAR, …>}; {@code ["null", T]} unions become nullable columns.
 */
final class AvroColumns {
  private AvroColumns() {}

  static List<Column> of(Schema record) {
    List<Column> columns = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      String name = field.name();
      Schema schema = nonNull(field.schema());
      boolean nullable = isNullable(field.schema());
      switch (schema.getType()) {
        case RECORD -> {
          for (Schema.Field sub : schema.getFields()) {
            LeafType leaf = LeafType.of(nonNull(sub.schema()));
            String subName = sub.name();
            columns.add(
                new Column(
                    name + "_" + subName,
                    f -> nullableType(f, leaf.sqlType(f), true),
                    name,
                    subName,
                    reader -> {
                      Schema.Field top = reader.getField(name);
                      int pos = top.pos();
                      int subPos = nonNull(top.schema()).getField(subName).pos();
                      LeafType.Converter convert = leaf.converter();
                      return (rec, p) -> {
                        GenericRecord nested = (GenericRecord) rec.get(pos);
                        return nested == null ? null : convert.apply(nested.get(subPos));
                      };
                    }));
          }
        }
        case ARRAY -> {
          Schema items = nonNull(schema.getElementType());
          if (items.getType() == Schema.Type.RECORD) {
            for (Schema.Field sub : items.getFields()) {
              LeafType leaf = LeafType.of(nonNull(sub.schema()));
              String subName = sub.name();
              columns.add(
                  new Column(
                      name + "_" + subName,
                      f -> nullableType(f, f.createArrayType(leaf.sqlType(f), -1), nullable),
                      name,
                      reader -> {
                        int pos = reader.getField(name).pos();
                        return (rec, p) -> {
                          List<?> list = (List<?>) rec.get(pos);
                          if (list == null) {
                            return null;
                          }
                          List<Object> values = new ArrayList<>(list.size());
                          for (Object element : list) {
                            values.add(leaf.convert(((GenericRecord) element).get(subName)));
                          }
                          return values;
                        };
                      }));
            }
          } else {
            LeafType leaf = LeafType.of(items);
            columns.add(
                new Column(
                    name,
                    f -> nullableType(f, f.createArrayType(leaf.sqlType(f), -1), nullable),
                    name,
                    reader -> {
                      int pos = reader.getField(name).pos();
                      return (rec, p) -> {
                        List<?> list = (List<?>) rec.get(pos);
                        if (list == null) {
                          return null;
                        }
                        List<Object> values = new ArrayList<>(list.size());
                        for (Object element : list) {
                          values.add(leaf.convert(element));
                        }
                        return values;
                      };
                    }));
          }
        }
        case MAP -> {
          LeafType leaf = LeafType.of(nonNull(schema.getValueType()));
          columns.add(
              new Column(
                  name,
                  f ->
                      nullableType(
                          f,
                          f.createMapType(
                              f.createSqlType(SqlTypeName.VARCHAR),
                              nullableType(f, leaf.sqlType(f), true)),
                          nullable),
                  name,
                  reader -> {
                    int pos = reader.getField(name).pos();
                    return (rec, p) -> {
                      Map<?, ?> map = (Map<?, ?>) rec.get(pos);
                      if (map == null) {
                        return null;
                      }
                      Map<String, Object> values = new LinkedHashMap<>();
                      map.forEach((k, v) -> values.put(k.toString(), leaf.convert(v)));
                      return values;
                    };
                  }));
        }
        default -> {
          LeafType leaf = LeafType.of(schema);
          columns.add(
              new Column(
                  name,
                  f -> nullableType(f, leaf.sqlType(f), nullable),
                  name,
                  reader -> {
                    int pos = reader.getField(name).pos();
                    LeafType.Converter convert = leaf.converter();
                    return (rec, p) -> convert.apply(rec.get(pos));
                  }));
        }
      }
    }
    return columns;
  }

  /** {@code dt} (VARCHAR, YYYY-MM-DD) and {@code hour} (INTEGER) from the object's path. */
  static List<Column> partitionColumns() {
    return List.of(
        new Column(
            "dt",
            f -> f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), false),
            null,
            reader -> (rec, p) -> p.dt()),
        new Column(
            "hour",
            f -> f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), false),
            null,
            reader -> (rec, p) -> p.hour()));
  }

  /** {@code service} from the object's path, for tables whose records do not carry it. */
  static Column servicePartitionColumn() {
    return new Column(
        "service",
        f -> f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), false),
        null,
        reader -> (rec, p) -> p.service());
  }

  private static RelDataType nullableType(
      RelDataTypeFactory f, RelDataType type, boolean nullable) {
    return f.createTypeWithNullability(type, nullable);
  }

  private static boolean isNullable(Schema schema) {
    return schema.getType() == Schema.Type.UNION
        && schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
  }

  /** The non-null branch of a {@code ["null", T]} union, or the schema itself. */
  static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    List<Schema> branches =
        schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
    return branches.size() == 1 ? branches.get(0) : Schema.create(Schema.Type.STRING);
  }
}
