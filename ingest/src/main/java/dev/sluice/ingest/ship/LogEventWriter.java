package dev.sluice.ingest.ship;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/**
 * Writes a {@link LogEvent} in Avro's binary encoding straight into a growable byte array, field by
 * field, without Avro's generic datum writer (which walks the schema, resolves every union by a map
 * lookup and converts every timestamp through a lookup of its logical type, once per record: the
 * shipper's largest cost after Kafka itself).
 *
 * <p>It is written for one shape of the schema, {@link #SHAPE}: {@link #fits(Schema)} says whether
 * a schema has exactly that shape (field names, order, types, logical types, union branches, enum
 * symbols), and {@link EventEncoder} uses this writer only then, else Avro's own. {@code
 * EventEncoderTest} checks that the model's schema fits and that the bytes equal the model codec's
 * for events with every field set, none set, and random values. Not thread-safe.
 */
final class LogEventWriter {
  /** The schema this writer encodes: {@code name:type} per field, nested records in braces. */
  static final List<String> SHAPE =
      List.of(
          "id:string",
          "eventTime:long/timestamp-millis",
          "ingestTime:long/timestamp-millis",
          "service:string",
          "host:[null,string]",
          "environment:[null,string]",
          "source:[null,string]",
          "level:enum(TRACE,DEBUG,INFO,WARN,ERROR,FATAL,UNKNOWN)",
          "message:string",
          "logger:[null,string]",
          "thread:[null,string]",
          "traceId:[null,string]",
          "spanId:[null,string]",
          "http:[null,{method:[null,string],path:[null,string],query:[null,string],"
              + "protocol:[null,string],status:[null,int],bytes:[null,long],"
              + "durationMs:[null,double],clientAddress:[null,string],userAgent:[null,string],"
              + "referrer:[null,string]}]",
          "attributes:map<string>",
          "truncated:boolean",
          "templateId:[null,string]",
          "templateText:[null,string]");

  private byte[] bytes = new byte[4096];
  private int count;

  /** Whether {@code schema} is the shape this writer encodes. */
  static boolean fits(Schema schema) {
    return schema.getType() == Schema.Type.RECORD && fields(schema).equals(SHAPE);
  }

  private static List<String> fields(Schema record) {
    List<String> out = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      out.add(field.name() + ":" + describe(field.schema()));
    }
    return out;
  }

  private static String describe(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    String suffix = logical == null ? "" : "/" + logical.getName();
    switch (schema.getType()) {
      case UNION:
        List<String> branches = new ArrayList<>();
        schema.getTypes().forEach(branch -> branches.add(describe(branch)));
        return "[" + String.join(",", branches) + "]" + suffix;
      case RECORD:
        return "{" + String.join(",", fields(schema)) + "}" + suffix;
      case ENUM:
        return "enum(" + String.join(",", schema.getEnumSymbols()) + ")" + suffix;
      case MAP:
        return "map<" + describe(schema.getValueType()) + ">" + suffix;
      case ARRAY:
        return "array<" + describe(schema.getElementType()) + ">" + suffix;
      default:
        return schema.getType().getName() + suffix;
    }
  }

  /** Starts a new record after {@code header} (the single-object encoding's prefix). */
  void reset(byte[] header) {
    count = 0;
    ensure(header.length);
    System.arraycopy(header, 0, bytes, 0, header.length);
    count = header.length;
  }

  /** Appends {@code event}'s binary encoding. */
  void write(LogEvent event) {
    requiredString(event.getId(), "id");
    writeLong(millis(event.getEventTime(), "eventTime"));
    writeLong(millis(event.getIngestTime(), "ingestTime"));
    requiredString(event.getService(), "service");
    optionalString(event.getHost());
    optionalString(event.getEnvironment());
    optionalString(event.getSource());
    if (event.getLevel() == null) {
      throw missing("level");
    }
    writeLong(event.getLevel().ordinal());
    requiredString(event.getMessage(), "message");
    optionalString(event.getLogger());
    optionalString(event.getThread());
    optionalString(event.getTraceId());
    optionalString(event.getSpanId());
    HttpRequest http = event.getHttp();
    if (http == null) {
      writeByte(0);
    } else {
      writeByte(2); // union branch 1, zig-zag
      writeHttp(http);
    }
    writeAttributes(event.getAttributes());
    writeByte(event.getTruncated() ? 1 : 0);
    optionalString(event.getTemplateId());
    optionalString(event.getTemplateText());
  }

  /** The bytes written since {@link #reset}. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, count);
  }

  private void writeHttp(HttpRequest http) {
    optionalString(http.getMethod());
    optionalString(http.getPath());
    optionalString(http.getQuery());
    optionalString(http.getProtocol());
    Integer status = http.getStatus();
    if (status == null) {
      writeByte(0);
    } else {
      writeByte(2);
      writeLong(status);
    }
    Long size = http.getBytes();
    if (size == null) {
      writeByte(0);
    } else {
      writeByte(2);
      writeLong(size);
    }
    Double duration = http.getDurationMs();
    if (duration == null) {
      writeByte(0);
    } else {
      writeByte(2);
      writeDouble(duration);
    }
    optionalString(http.getClientAddress());
    optionalString(http.getUserAgent());
    optionalString(http.getReferrer());
  }

  private void writeAttributes(Map<String, String> attributes) {
    if (attributes == null) {
      throw missing("attributes");
    }
    int size = attributes.size();
    if (size > 0) {
      writeLong(size);
      int written = 0;
      for (Map.Entry<String, String> entry : attributes.entrySet()) {
        if (entry.getKey() == null || entry.getValue() == null) {
          throw new NullPointerException("null key or value in the map LogEvent.attributes");
        }
        writeString(entry.getKey());
        writeString(entry.getValue());
        written++;
      }
      if (written != size) {
        throw new java.util.ConcurrentModificationException(
            "LogEvent.attributes changed while it was written");
      }
    }
    writeByte(0);
  }

  private static long millis(Instant instant, String field) {
    if (instant == null) {
      throw missing(field);
    }
    return instant.toEpochMilli();
  }

  private static NullPointerException missing(String field) {
    return new NullPointerException("null value for the required field LogEvent." + field);
  }

  private void requiredString(String value, String field) {
    if (value == null) {
      throw missing(field);
    }
    writeString(value);
  }

  private void optionalString(String value) {
    if (value == null) {
      writeByte(0);
    } else {
      writeByte(2);
      writeString(value);
    }
  }

  private void writeString(String value) {
    if (value.isEmpty()) {
      writeByte(0);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeLong(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, bytes, count, utf8.length);
    count += utf8.length;
  }

  private void writeByte(int b) {
    ensure(1);
    bytes[count++] = (byte) b;
  }

  /** A zig-zag variable-length long, as Avro writes ints and longs. */
  private void writeLong(long value) {
    ensure(10);
    if (value >= -64 && value < 64) {
      bytes[count++] = (byte) ((value << 1) ^ (value >> 63)); // one byte: lengths, ordinals
      return;
    }
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      bytes[count++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    bytes[count++] = (byte) n;
  }

  /** Eight bytes, little-endian, of the IEEE 754 bits (Avro's double). */
  private void writeDouble(double value) {
    ensure(8);
    long bits = Double.doubleToRawLongBits(value);
    for (int i = 0; i < 8; i++) {
      bytes[count++] = (byte) (bits >>> (8 * i));
    }
  }

  private void ensure(int more) {
    if (count + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
    }
  }
}
