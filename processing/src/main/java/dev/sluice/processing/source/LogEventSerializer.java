package dev.sluice.processing.source;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.AvroWireCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link LogEvent} between Flink tasks in Avro's binary encoding of the model's schema,
 * field by field, without Avro's datum writer and reader (which walk the schema, resolve every
 * union and convert every timestamp through a lookup of its logical type, once per record: most of
 * the source task's time went into {@code AvroSerializer} for the shuffle by service).
 *
 * <p>Guarantees: the bytes of one event are exactly the binary record the model codec writes after
 * its 10-byte single-object header ({@code LogEventSerializerTest} checks it on random events), and
 * {@link #deserialize} reads back an equal event. It is written for one version of the schema,
 * {@link #SCHEMA_FINGERPRINT}; {@link #checkSchema()} fails (at job build time, through {@link
 * LogEventTypeInfo}) when the generated class has another one, so a new field cannot be dropped
 * silently. Its {@link Snapshot} records that fingerprint: state written with it restores only with
 * the same schema. No {@code LogEvent} is kept in Flink state today (only crossing the network), so
 * savepoints do not depend on it. Stateless and thread-safe.
 */
public final class LogEventSerializer extends TypeSerializerSingleton<LogEvent> {
  private static final long serialVersionUID = 1L;

  /** The CRC-64-AVRO fingerprint of the {@code LogEvent} schema this serializer encodes. */
  public static final long SCHEMA_FINGERPRINT = 0xd93b6cab438554c5L;

  /** The one instance. */
  public static final LogEventSerializer INSTANCE = new LogEventSerializer();

  private static final Level[] LEVELS = Level.values();

  /**
   * Checks that the generated {@code LogEvent} has the schema this serializer was written for.
   *
   * @throws IllegalStateException if it does not
   */
  public static void checkSchema() {
    long actual = AvroWireCodec.fingerprintOf(LogEvent.getClassSchema());
    if (actual != SCHEMA_FINGERPRINT) {
      throw new IllegalStateException(
          String.format(
              "LogEventSerializer encodes the LogEvent schema %016x but the model's is %016x:"
                  + " update LogEventSerializer (and SCHEMA_FINGERPRINT) for the new fields",
              SCHEMA_FINGERPRINT, actual));
    }
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public LogEvent createInstance() {
    return new LogEvent();
  }

  @Override
  public LogEvent copy(LogEvent from) {
    return LogEvent.newBuilder(from).build();
  }

  @Override
  public LogEvent copy(LogEvent from, LogEvent reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(LogEvent event, DataOutputView out) throws IOException {
    requiredString(event.getId(), "id", out);
    writeLong(millis(event.getEventTime(), "eventTime"), out);
    writeLong(millis(event.getIngestTime(), "ingestTime"), out);
    requiredString(event.getService(), "service", out);
    optionalString(event.getHost(), out);
    optionalString(event.getEnvironment(), out);
    optionalString(event.getSource(), out);
    if (event.getLevel() == null) {
      throw missing("level");
    }
    writeLong(event.getLevel().ordinal(), out);
    requiredString(event.getMessage(), "message", out);
    optionalString(event.getLogger(), out);
    optionalString(event.getThread(), out);
    optionalString(event.getTraceId(), out);
    optionalString(event.getSpanId(), out);
    HttpRequest http = event.getHttp();
    if (http == null) {
      out.writeByte(0);
    } else {
      out.writeByte(2); // union branch 1, zig-zag
      writeHttp(http, out);
    }
    writeAttributes(event.getAttributes(), out);
    out.writeByte(event.getTruncated() ? 1 : 0);
    optionalString(event.getTemplateId(), out);
    optionalString(event.getTemplateText(), out);
  }

  @Override
  public LogEvent deserialize(DataInputView in) throws IOException {
    LogEvent e = new LogEvent();
    e.setId(readString(in));
    e.setEventTime(Instant.ofEpochMilli(readLong(in)));
    e.setIngestTime(Instant.ofEpochMilli(readLong(in)));
    e.setService(readString(in));
    e.setHost(readOptionalString(in));
    e.setEnvironment(readOptionalString(in));
    e.setSource(readOptionalString(in));
    int level = (int) readLong(in);
    if (level < 0 || level >= LEVELS.length) {
      throw new IOException("corrupt LogEvent: level ordinal " + level);
    }
    e.setLevel(LEVELS[level]);
    e.setMessage(readString(in));
    e.setLogger(readOptionalString(in));
    e.setThread(readOptionalString(in));
    e.setTraceId(readOptionalString(in));
    e.setSpanId(readOptionalString(in));
    e.setHttp(branch(in) ? readHttp(in) : null);
    e.setAttributes(readAttributes(in));
    e.setTruncated(in.readByte() != 0);
    e.setTemplateId(readOptionalString(in));
    e.setTemplateText(readOptionalString(in));
    return e;
  }

  @Override
  public LogEvent deserialize(LogEvent reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<LogEvent> snapshotConfiguration() {
    return new Snapshot(SCHEMA_FINGERPRINT);
  }

  private static void writeHttp(HttpRequest http, DataOutputView out) throws IOException {
    optionalString(http.getMethod(), out);
    optionalString(http.getPath(), out);
    optionalString(http.getQuery(), out);
    optionalString(http.getProtocol(), out);
    Integer status = http.getStatus();
    if (status == null) {
      out.writeByte(0);
    } else {
      out.writeByte(2);
      writeLong(status, out);
    }
    Long size = http.getBytes();
    if (size == null) {
      out.writeByte(0);
    } else {
      out.writeByte(2);
      writeLong(size, out);
    }
    Double duration = http.getDurationMs();
    if (duration == null) {
      out.writeByte(0);
    } else {
      out.writeByte(2);
      out.writeLong(Long.reverseBytes(Double.doubleToRawLongBits(duration))); // little-endian
    }
    optionalString(http.getClientAddress(), out);
    optionalString(http.getUserAgent(), out);
    optionalString(http.getReferrer(), out);
  }

  private static HttpRequest readHttp(DataInputView in) throws IOException {
    HttpRequest h = new HttpRequest();
    h.setMethod(readOptionalString(in));
    h.setPath(readOptionalString(in));
    h.setQuery(readOptionalString(in));
    h.setProtocol(readOptionalString(in));
    h.setStatus(branch(in) ? (int) readLong(in) : null);
    h.setBytes(branch(in) ? readLong(in) : null);
    h.setDurationMs(branch(in) ? Double.longBitsToDouble(Long.reverseBytes(in.readLong())) : null);
    h.setClientAddress(readOptionalString(in));
    h.setUserAgent(readOptionalString(in));
    h.setReferrer(readOptionalString(in));
    return h;
  }

  private static void writeAttributes(Map<String, String> attributes, DataOutputView out)
      throws IOException {
    if (attributes == null) {
      throw missing("attributes");
    }
    int size = attributes.size();
    if (size > 0) {
      writeLong(size, out);
      int written = 0;
      for (Map.Entry<String, String> entry : attributes.entrySet()) {
        if (entry.getKey() == null || entry.getValue() == null) {
          throw new NullPointerException("null key or value in the map LogEvent.attributes");
        }
        writeString(entry.getKey(), out);
        writeString(entry.getValue(), out);
        written++;
      }
      if (written != size) {
        throw new java.util.ConcurrentModificationException(
            "LogEvent.attributes changed while it was written");
      }
    }
    out.writeByte(0);
  }

  private static Map<String, String> readAttributes(DataInputView in) throws IOException {
    Map<String, String> map = new HashMap<>();
    long block = readLong(in);
    while (block != 0) {
      if (block < 0) { // a block written with its size in bytes (Avro allows it)
        block = -block;
        readLong(in);
      }
      for (long i = 0; i < block; i++) {
        String key = readString(in);
        map.put(key, readString(in));
      }
      block = readLong(in);
    }
    return map;
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

  private static void requiredString(String value, String field, DataOutputView out)
      throws IOException {
    if (value == null) {
      throw missing(field);
    }
    writeString(value, out);
  }

  private static void optionalString(String value, DataOutputView out) throws IOException {
    if (value == null) {
      out.writeByte(0);
    } else {
      out.writeByte(2);
      writeString(value, out);
    }
  }

  private static void writeString(String value, DataOutputView out) throws IOException {
    if (value.isEmpty()) {
      out.writeByte(0);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    writeLong(utf8.length, out);
    out.write(utf8);
  }

  /** A zig-zag variable-length long, as Avro writes ints and longs. */
  private static void writeLong(long value, DataOutputView out) throws IOException {
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      out.writeByte((int) ((n & 0x7F) | 0x80));
      n >>>= 7;
    }
    out.writeByte((int) n);
  }

  private static long readLong(DataInputView in) throws IOException {
    long n = 0;
    int shift = 0;
    int b;
    do {
      if (shift > 63) {
        throw new IOException("corrupt LogEvent: variable-length long longer than 10 bytes");
      }
      b = in.readUnsignedByte();
      n |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return (n >>> 1) ^ -(n & 1);
  }

  /** Reads a {@code [null, X]} union's branch: whether X follows. */
  private static boolean branch(DataInputView in) throws IOException {
    long index = readLong(in);
    if (index == 0) {
      return false;
    }
    if (index == 1) {
      return true;
    }
    throw new IOException("corrupt LogEvent: union branch " + index);
  }

  private static String readString(DataInputView in) throws IOException {
    long length = readLong(in);
    if (length == 0) {
      return "";
    }
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new IOException("corrupt LogEvent: string length " + length);
    }
    byte[] utf8 = new byte[(int) length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  private static String readOptionalString(DataInputView in) throws IOException {
    return branch(in) ? readString(in) : null;
  }

  /**
   * Snapshot of the serializer: the fingerprint of the schema it encodes. Compatible as is only
   * with a snapshot of the same fingerprint; anything else (another schema, or Flink's {@code
   * AvroSerializer}) is incompatible, so a restore fails with Flink's message instead of reading
   * bytes of another layout.
   */
  public static final class Snapshot implements TypeSerializerSnapshot<LogEvent> {
    private static final int VERSION = 1;
    private long fingerprint;

    /** For Flink's reflective instantiation on restore. */
    public Snapshot() {
      this(SCHEMA_FINGERPRINT);
    }

    Snapshot(long fingerprint) {
      this.fingerprint = fingerprint;
    }

    @Override
    public int getCurrentVersion() {
      return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeLong(fingerprint);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
        throws IOException {
      if (readVersion != VERSION) {
        throw new IOException("unknown LogEventSerializer snapshot version " + readVersion);
      }
      fingerprint = in.readLong();
    }

    @Override
    public TypeSerializer<LogEvent> restoreSerializer() {
      if (fingerprint != SCHEMA_FINGERPRINT) {
        throw new IllegalStateException(
            String.format(
                "state holds LogEvents of schema %016x; this LogEventSerializer reads only %016x",
                fingerprint, SCHEMA_FINGERPRINT));
      }
      return INSTANCE;
    }

    @Override
    public TypeSerializerSchemaCompatibility<LogEvent> resolveSchemaCompatibility(
        TypeSerializerSnapshot<LogEvent> oldSnapshot) {
      if (oldSnapshot instanceof Snapshot old && old.fingerprint == fingerprint) {
        return TypeSerializerSchemaCompatibility.compatibleAsIs();
      }
      return TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
