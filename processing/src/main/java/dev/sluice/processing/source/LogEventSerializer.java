package dev.sluice.processing.source;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.LogEventWriter;
import java.io.IOException;
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
 * through the model's field-by-field {@link LogEventWriter} (Flink's {@code AvroSerializer} walks
 * the schema, resolves every union and converts every timestamp through a lookup of its logical
 * type, once per record: most of the source task's time went into it for the shuffle by service),
 * and reads it back field by field.
 *
 * <p>Guarantees: the bytes of one event are exactly the binary record the model codec writes after
 * its 10-byte single-object header (model's {@code LogEventWriterTest} checks the writer against
 * Avro), and {@link #deserialize} reads back an equal event ({@code LogEventSerializerTest}, on
 * random events). It is written for one version of the schema, {@link #SCHEMA_FINGERPRINT}; {@link
 * #checkSchema()} fails (at job build time, through {@link LogEventTypeInfo}) when the generated
 * class has another one, so a new field cannot be dropped silently. Its {@link Snapshot} records
 * that fingerprint: state written with it restores only with the same schema. No {@code LogEvent}
 * is kept in Flink state today (only crossing the network), so savepoints do not depend on it.
 * Thread-safe: each thread writes through a {@link LogEventWriter} and reads strings through a
 * {@link StringReader} of its own.
 */
public final class LogEventSerializer extends TypeSerializerSingleton<LogEvent> {
  private static final long serialVersionUID = 1L;

  /** The CRC-64-AVRO fingerprint of the {@code LogEvent} schema this serializer encodes. */
  public static final long SCHEMA_FINGERPRINT = LogEventWriter.SCHEMA_FINGERPRINT;

  /** The one instance. */
  public static final LogEventSerializer INSTANCE = new LogEventSerializer();

  private static final Level[] LEVELS = Level.values();

  /** A thread's writer is dropped, not kept, after an event that grew it past this. */
  private static final int MAX_KEPT_BUFFER = 1 << 20;

  private static final ThreadLocal<LogEventWriter> WRITERS =
      ThreadLocal.withInitial(LogEventWriter::new);

  private static final ThreadLocal<StringReader> READERS =
      ThreadLocal.withInitial(StringReader::new);

  /**
   * Checks that the generated {@code LogEvent} has the schema this serializer was written for.
   *
   * @throws IllegalStateException if it does not
   */
  public static void checkSchema() {
    LogEventWriter.checkSchema();
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
    LogEventWriter writer = WRITERS.get();
    writer.clear();
    writer.write(event);
    out.write(writer.buffer(), 0, writer.size());
    if (writer.buffer().length > MAX_KEPT_BUFFER) { // do not keep one huge event's buffer
      WRITERS.remove();
    }
  }

  @Override
  public LogEvent deserialize(DataInputView in) throws IOException {
    StringReader strings = READERS.get();
    LogEvent e = new LogEvent();
    e.setId(strings.read(in));
    e.setEventTime(Instant.ofEpochMilli(readLong(in)));
    e.setIngestTime(Instant.ofEpochMilli(readLong(in)));
    e.setService(strings.read(in, StringReader.SERVICE));
    e.setHost(readOptionalString(in, strings, StringReader.HOST));
    e.setEnvironment(readOptionalString(in, strings, StringReader.ENVIRONMENT));
    e.setSource(readOptionalString(in, strings, StringReader.SOURCE));
    int level = readInt(in);
    if (level < 0 || level >= LEVELS.length) {
      throw new IOException("corrupt LogEvent: level ordinal " + level);
    }
    e.setLevel(LEVELS[level]);
    e.setMessage(strings.read(in));
    e.setLogger(readOptionalString(in, strings, StringReader.LOGGER));
    e.setThread(readOptionalString(in, strings, StringReader.THREAD));
    e.setTraceId(readOptionalString(in, strings));
    e.setSpanId(readOptionalString(in, strings));
    e.setHttp(branch(in) ? readHttp(in, strings) : null);
    e.setAttributes(readAttributes(in, strings));
    e.setTruncated(readBoolean(in));
    e.setTemplateId(readOptionalString(in, strings));
    e.setTemplateText(readOptionalString(in, strings));
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

  private static HttpRequest readHttp(DataInputView in, StringReader strings) throws IOException {
    HttpRequest h = new HttpRequest();
    h.setMethod(readOptionalString(in, strings, StringReader.METHOD));
    h.setPath(readOptionalString(in, strings));
    h.setQuery(readOptionalString(in, strings));
    h.setProtocol(readOptionalString(in, strings, StringReader.PROTOCOL));
    h.setStatus(branch(in) ? readInt(in) : null);
    h.setBytes(branch(in) ? readLong(in) : null);
    h.setDurationMs(branch(in) ? Double.longBitsToDouble(Long.reverseBytes(in.readLong())) : null);
    h.setClientAddress(readOptionalString(in, strings));
    h.setUserAgent(readOptionalString(in, strings));
    h.setReferrer(readOptionalString(in, strings));
    return h;
  }

  private static Map<String, String> readAttributes(DataInputView in, StringReader strings)
      throws IOException {
    Map<String, String> map = new HashMap<>();
    long block = readLong(in);
    while (block != 0) {
      if (block < 0) { // a block written with its size in bytes (Avro allows it)
        block = -block;
        readLong(in);
      }
      for (long i = 0; i < block; i++) {
        String key = strings.read(in);
        map.put(key, strings.read(in));
      }
      block = readLong(in);
    }
    return map;
  }

  static long readLong(DataInputView in) throws IOException {
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

  /**
   * Reads an Avro int as Avro's {@code BinaryDecoder.readInt} does: at most five bytes (a longer
   * one is corrupt), the bits past 32 of the fifth dropped as Avro drops them, so that a record
   * either reads as the codec reads it or is refused and left to the codec.
   */
  static int readInt(DataInputView in) throws IOException {
    int n = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      n |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return (n >>> 1) ^ -(n & 1);
      }
    }
    throw new IOException("corrupt LogEvent: variable-length int longer than 5 bytes");
  }

  /** Reads an Avro boolean: one byte, 0 or 1; anything else is refused (Avro reads it as false). */
  private static boolean readBoolean(DataInputView in) throws IOException {
    int b = in.readUnsignedByte();
    if (b > 1) {
      throw new IOException("corrupt LogEvent: boolean byte " + b);
    }
    return b == 1;
  }

  /** Reads a {@code [null, X]} union's branch: whether X follows. */
  private static boolean branch(DataInputView in) throws IOException {
    int index = readInt(in);
    if (index == 0) {
      return false;
    }
    if (index == 1) {
      return true;
    }
    throw new IOException("corrupt LogEvent: union branch " + index);
  }

  private static String readOptionalString(DataInputView in, StringReader strings)
      throws IOException {
    return branch(in) ? strings.read(in) : null;
  }

  private static String readOptionalString(DataInputView in, StringReader strings, int slot)
      throws IOException {
    return branch(in) ? strings.read(in, slot) : null;
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
