package dev.sluice.processing.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link StatsSample} field by field, without the reflection of Flink's POJO serializer:
 * the keyed exchange into the window operator carries them, most of them pre-aggregated ({@link
 * StatsSample#partial}, written by {@link WindowAccumulatorSerializer} after a flag). Strings may
 * be null; each is its UTF-8 length (-1 for null) and bytes, copied as one array where Flink's
 * {@code StringValue} writes and reads a character at a time (13 % of the source task in a
 * profile). The layout is fixed. Besides the exchange, {@link LocalStatsCombiner} keeps the windows
 * it has not yet emitted in operator state as samples of this type, so the layout is part of
 * checkpoints and savepoints: changing it needs a serializer snapshot that still reads this one.
 */
public final class StatsSampleSerializer extends TypeSerializerSingleton<StatsSample> {
  private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final StatsSampleSerializer INSTANCE = new StatsSampleSerializer();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public StatsSample createInstance() {
    return new StatsSample();
  }

  @Override
  public StatsSample copy(StatsSample from) {
    StatsSample s = new StatsSample();
    s.service = from.service;
    s.host = from.host;
    s.eventTime = from.eventTime;
    s.level = from.level;
    s.status = from.status;
    s.responseBytes = from.responseBytes;
    s.messageBytes = from.messageBytes;
    s.latencyMs = from.latencyMs;
    s.client = from.client;
    s.path = from.path;
    s.partial =
        from.partial == null ? null : WindowAccumulatorSerializer.INSTANCE.copy(from.partial);
    return s;
  }

  @Override
  public StatsSample copy(StatsSample from, StatsSample reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(StatsSample s, DataOutputView out) throws IOException {
    writeString(s.service, out);
    writeString(s.host, out);
    out.writeLong(s.eventTime);
    out.writeInt(s.level);
    out.writeInt(s.status);
    out.writeLong(s.responseBytes);
    out.writeLong(s.messageBytes);
    out.writeDouble(s.latencyMs);
    writeString(s.client, out);
    writeString(s.path, out);
    out.writeBoolean(s.partial != null);
    if (s.partial != null) {
      WindowAccumulatorSerializer.INSTANCE.serialize(s.partial, out);
    }
  }

  @Override
  public StatsSample deserialize(DataInputView in) throws IOException {
    StatsSample s = new StatsSample();
    s.service = readString(in);
    s.host = readString(in);
    s.eventTime = in.readLong();
    s.level = in.readInt();
    s.status = in.readInt();
    s.responseBytes = in.readLong();
    s.messageBytes = in.readLong();
    s.latencyMs = in.readDouble();
    s.client = readString(in);
    s.path = readString(in);
    if (in.readBoolean()) {
      s.partial = WindowAccumulatorSerializer.INSTANCE.deserialize(in);
    }
    return s;
  }

  @Override
  public StatsSample deserialize(StatsSample reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public TypeSerializerSnapshot<StatsSample> snapshotConfiguration() {
    return new Snapshot();
  }

  private static void writeString(String value, DataOutputView out) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputView in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /** Snapshot of the serializer: no configuration. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<StatsSample> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
