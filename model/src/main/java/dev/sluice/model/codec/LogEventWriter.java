package dev.sluice.model.codec;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Map;

/**
 * Writes a {@link LogEvent} in Avro's binary encoding straight into a growable byte array, field by
 * field, without Avro's {@code SpecificDatumWriter} (which walks the schema, resolves every union
 * and converts every timestamp through a lookup of its logical type, once per record). The one
 * hand-written LogEvent encoder: the shipper's {@code EventEncoder} (Kafka values) and the Flink
 * job's {@code LogEventSerializer} (the shuffle) and {@code LogEventDatumWriter} (the archive's
 * files) all write through it.
 *
 * <p>Guarantees: the bytes {@link #write(LogEvent)} appends are exactly those {@code
 * SpecificDatumWriter} writes for the model's schema ({@code LogEventWriterTest} compares them on
 * random events); a missing required field throws {@link NullPointerException} naming it. It is
 * written for one version of the schema, {@link #SCHEMA_FINGERPRINT}: {@link #checkSchema()} fails
 * when the generated class has another one, so a new field cannot be dropped silently (the test
 * fails first, at build time). Not thread-safe: one per thread.
 */
public final class LogEventWriter {
  /** The CRC-64-AVRO fingerprint of the {@code LogEvent} schema this writer encodes. */
  public static final long SCHEMA_FINGERPRINT = 0xd93b6cab438554c5L;

  private byte[] bytes;
  private int count;

  /** A writer with an initial buffer of 1 KiB, grown as needed. */
  public LogEventWriter() {
    bytes = new byte[1024];
  }

  /**
   * Checks that the generated {@code LogEvent} has the schema this writer was written for.
   *
   * @throws IllegalStateException if it does not, saying what to update
   */
  public static void checkSchema() {
    long actual = AvroWireCodec.fingerprintOf(LogEvent.getClassSchema());
    if (actual != SCHEMA_FINGERPRINT) {
      throw new IllegalStateException(
          String.format(
              "LogEventWriter encodes the LogEvent schema %016x but the model's is %016x:"
                  + " update LogEventWriter (and SCHEMA_FINGERPRINT) for the new fields",
              SCHEMA_FINGERPRINT, actual));
    }
  }

  /** Forgets what was written: the next bytes start at offset 0. */
  public void clear() {
    count = 0;
  }

  /** Appends {@code raw} as is (e.g. the single-object encoding's header). */
  public void writeRaw(byte[] raw) {
    ensure(raw.length);
    System.arraycopy(raw, 0, bytes, count, raw.length);
    count += raw.length;
  }

  /** Appends {@code event}'s binary encoding. */
  public void write(LogEvent event) {
    write(event, null, 0, 0);
  }

  /**
   * Appends {@code event}'s binary encoding, taking the message's UTF-8 bytes from {@code
   * messageUtf8[offset, offset + length)} instead of encoding {@code event.getMessage()} again (the
   * shipper has the bytes of a line at hand, and an access log's message is the whole line). The
   * caller guarantees that those bytes are exactly the UTF-8 encoding of the message, i.e. that the
   * message was decoded from them without a replacement (see {@link #decodesBack(String, byte[],
   * int, int)}); with {@code messageUtf8} null this is {@link #write(LogEvent)}.
   */
  public void write(LogEvent event, byte[] messageUtf8, int offset, int length) {
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
    if (messageUtf8 == null) {
      requiredString(event.getMessage(), "message");
    } else {
      if (event.getMessage() == null) {
        throw missing("message");
      }
      writeUtf8(messageUtf8, offset, length);
    }
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

  /**
   * Whether {@code text}, decoded from {@code utf8[offset, offset + length)} with {@code new
   * String(utf8, offset, length, UTF_8)}, encodes back to exactly those bytes: true when the text
   * holds no U+FFFD, the character the decoder puts for every malformed sequence (it refuses
   * overlong forms and encoded surrogates too), since well-formed UTF-8 decodes one to one. False
   * also for a line that held a U+FFFD of its own: it is then simply encoded again. Cheap for
   * Latin-1 text, where the JDK answers the search without a scan.
   */
  public static boolean decodesBack(String text, byte[] utf8, int offset, int length) {
    return utf8 != null && text.length() <= length && text.indexOf('\uFFFD') < 0;
  }

  /** The number of bytes written since {@link #clear()}. */
  public int size() {
    return count;
  }

  /**
   * The buffer holding the bytes written, valid from 0 to {@link #size()} until the next write;
   * shared, not a copy.
   */
  public byte[] buffer() {
    return bytes;
  }

  /** A copy of the bytes written since {@link #clear()}. */
  public byte[] toByteArray() {
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
        throw new ConcurrentModificationException(
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

  /**
   * Appends the Avro string whose UTF-8 bytes are {@code utf8[offset, offset + length)} (length,
   * then the bytes). With {@link #writeByte} and {@link #writeLong} this is Avro's binary encoding
   * for a caller that writes a {@code LogEvent}'s fields itself, in the schema's order (the
   * shipper's access-log fast path, whose bytes its tests compare with {@link #write(LogEvent)}'s).
   */
  public void writeUtf8(byte[] utf8, int offset, int length) {
    writeLong(length);
    ensure(length);
    System.arraycopy(utf8, offset, bytes, count, length);
    count += length;
  }

  /** Appends one byte (a union branch, an empty map's end, a boolean), see {@link #writeUtf8}. */
  public void writeByte(int b) {
    ensure(1);
    bytes[count++] = (byte) b;
  }

  /**
   * Appends a zig-zag variable-length long, as Avro writes ints and longs (see {@link #writeUtf8}).
   */
  public void writeLong(long value) {
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
