package dev.sluice.processing.stats;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link WindowAccumulator} into Flink state and checkpoints: a format version byte, the
 * counters, then each sketch in its library's own portable encoding (DDSketch, DataSketches HLL and
 * frequent items), so savepoints do not depend on Kryo or on class layouts.
 *
 * <p>Guarantee: every format version this class ever wrote stays readable; a new layout gets a new
 * version byte.
 */
public final class WindowAccumulatorSerializer extends TypeSerializerSingleton<WindowAccumulator> {
  private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final WindowAccumulatorSerializer INSTANCE = new WindowAccumulatorSerializer();

  static final byte FORMAT_V1 = 1;

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public WindowAccumulator createInstance() {
    return new WindowAccumulator();
  }

  @Override
  public WindowAccumulator copy(WindowAccumulator from) {
    return new WindowAccumulator().merge(from);
  }

  @Override
  public WindowAccumulator copy(WindowAccumulator from, WindowAccumulator reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(WindowAccumulator a, DataOutputView out) throws IOException {
    out.writeByte(FORMAT_V1);
    out.writeLong(a.count);
    out.writeLong(a.errorCount);
    out.writeLong(a.responseBytes);
    out.writeLong(a.messageBytes);
    out.writeByte(a.levelCounts.length);
    for (long c : a.levelCounts) {
      out.writeLong(c);
    }
    out.writeByte(a.statusClasses.length);
    for (long c : a.statusClasses) {
      out.writeLong(c);
    }
    out.writeDouble(a.latencyMax);
    writeBytes(a.latencyBytes(), out);
    writeBytes(a.clientBytes(), out);
    writeBytes(a.pathBytes(), out);
  }

  @Override
  public WindowAccumulator deserialize(DataInputView in) throws IOException {
    byte format = in.readByte();
    if (format != FORMAT_V1) {
      throw new IOException(
          "window stats state has format "
              + format
              + ", this build reads format "
              + FORMAT_V1
              + ": restore with the Sluice version that wrote the savepoint or a newer one");
    }
    WindowAccumulator a = new WindowAccumulator();
    a.count = in.readLong();
    a.errorCount = in.readLong();
    a.responseBytes = in.readLong();
    a.messageBytes = in.readLong();
    readCounts(a.levelCounts, in);
    readCounts(a.statusClasses, in);
    a.latencyMax = in.readDouble();
    byte[] latency = readBytes(in);
    if (latency != null) {
      a.latency = WindowAccumulator.readLatencySketch(latency);
    }
    byte[] clients = readBytes(in);
    if (clients != null) {
      a.clients = WindowAccumulator.readClients(clients);
    }
    byte[] paths = readBytes(in);
    if (paths != null) {
      a.paths = WindowAccumulator.readPaths(paths);
    }
    return a;
  }

  @Override
  public WindowAccumulator deserialize(WindowAccumulator reuse, DataInputView in)
      throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  @Override
  public TypeSerializerSnapshot<WindowAccumulator> snapshotConfiguration() {
    return new Snapshot();
  }

  private static void readCounts(long[] into, DataInputView in) throws IOException {
    int n = in.readUnsignedByte();
    for (int i = 0; i < n; i++) {
      long c = in.readLong();
      if (i < into.length) {
        into[i] = c;
      }
    }
  }

  private static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  private static byte[] readBytes(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return bytes;
  }

  /** The serializer's snapshot: no configuration, so always compatible as is. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowAccumulator> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
