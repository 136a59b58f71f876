package dev.sluice.query.table;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.util.Utf8;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The SQL type of a scalar Avro value and the conversion from Avro's in-memory form to Calcite's
 * internal one: strings and enums become {@code String}, timestamps epoch milliseconds ({@code
 * TIMESTAMP(3)}), bytes a {@link ByteString}.
 */
enum LeafType {
  VARCHAR,
  INTEGER,
  BIGINT,
  DOUBLE,
  REAL,
  BOOLEAN,
  TIMESTAMP_MILLIS,
  TIMESTAMP_MICROS,
  VARBINARY;

  /** The leaf type of a non-union, non-container Avro schema. */
  static LeafType of(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    return switch (schema.getType()) {
      case INT -> INTEGER;
      case LONG -> {
        if (logical instanceof LogicalTypes.TimestampMillis) {
          yield TIMESTAMP_MILLIS;
        } else if (logical instanceof LogicalTypes.TimestampMicros) {
          yield TIMESTAMP_MICROS;
        }
        yield BIGINT;
      }
      case DOUBLE -> DOUBLE;
      case FLOAT -> REAL;
      case BOOLEAN -> BOOLEAN;
      case BYTES, FIXED -> VARBINARY;
      default -> VARCHAR; // string, enum, and anything else rendered as text
    };
  }

  RelDataType sqlType(RelDataTypeFactory factory) {
    return switch (this) {
      case VARCHAR -> factory.createSqlType(SqlTypeName.VARCHAR);
      case INTEGER -> factory.createSqlType(SqlTypeName.INTEGER);
      case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
      case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
      case REAL -> factory.createSqlType(SqlTypeName.REAL);
      case BOOLEAN -> factory.createSqlType(SqlTypeName.BOOLEAN);
      case TIMESTAMP_MILLIS, TIMESTAMP_MICROS -> factory.createSqlType(SqlTypeName.TIMESTAMP, 3);
      case VARBINARY -> factory.createSqlType(SqlTypeName.VARBINARY);
    };
  }

  /** Converts one value of this type, as {@link #convert}; may keep state, so one per scan. */
  @FunctionalInterface
  interface Converter {
    Object apply(Object avro);
  }

  /**
   * A converter for one column of one scan: for text, one that returns the same {@code String}
   * while consecutive short values are byte-for-byte equal (a partition holds one service, a few
   * levels), so a low-cardinality column does not allocate a string per row.
   */
  Converter converter() {
    return this == VARCHAR ? new RepeatedText() : this::convert;
  }

  Object convert(Object avro) {
    if (avro == null) {
      return null;
    }
    return switch (this) {
      case VARCHAR -> avro.toString();
      case INTEGER, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP_MILLIS -> avro;
      case REAL -> ((Number) avro).floatValue();
      case TIMESTAMP_MICROS -> Math.floorDiv((Long) avro, 1000L);
      case VARBINARY -> {
        if (avro instanceof ByteBuffer buffer) {
          ByteBuffer copy = buffer.duplicate();
          byte[] bytes = new byte[copy.remaining()];
          copy.get(bytes);
          yield new ByteString(bytes);
        }
        yield new ByteString(
            Arrays.copyOf(((GenericFixed) avro).bytes(), ((GenericFixed) avro).bytes().length));
      }
    };
  }

  /** Text conversion remembering the last short value, see {@link #converter()}. */
  private static final class RepeatedText implements Converter {
    private static final int MAX_REMEMBERED_BYTES = 64;
    private final byte[] lastBytes = new byte[MAX_REMEMBERED_BYTES];
    private int lastLength = -1;
    private String last;

    @Override
    public Object apply(Object avro) {
      if (!(avro instanceof Utf8 utf8)) {
        return avro == null ? null : avro.toString();
      }
      int length = utf8.getByteLength();
      byte[] bytes = utf8.getBytes();
      if (length == lastLength && Arrays.equals(bytes, 0, length, lastBytes, 0, length)) {
        return last;
      }
      String text = utf8.toString();
      if (length <= MAX_REMEMBERED_BYTES) {
        System.arraycopy(bytes, 0, lastBytes, 0, length);
        lastLength = length;
        last = text;
      } else {
        lastLength = -1;
      }
      return text;
    }
  }
}
