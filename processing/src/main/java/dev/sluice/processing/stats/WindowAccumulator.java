package dev.sluice.processing.stats;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import dev.sluice.model.Level;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * The mergeable running aggregate of one stats window: counts, a DDSketch of latencies (1% relative
 * accuracy, at most {@value #LATENCY_BINS} bins), a HyperLogLog of client addresses (lg k = {@value
 * #HLL_LG_K}, about 1.6% error) and a frequent-items sketch of paths (at most {@value
 * #PATH_MAP_SIZE} tracked). Its size is bounded whatever the traffic.
 *
 * <p>{@link #merge} is associative and commutative, so windows can be combined in any order. {@link
 * WindowAccumulatorSerializer} writes and reads it.
 */
public final class WindowAccumulator {
  static final double LATENCY_ACCURACY = 0.01;
  static final int LATENCY_BINS = 2048;
  static final int HLL_LG_K = 12;
  static final int PATH_MAP_SIZE = 64;
  static final int LEVELS = Level.values().length;
  static final int STATUS_CLASSES = 5;

  long count;
  long errorCount;
  long responseBytes;
  long messageBytes;
  final long[] levelCounts = new long[LEVELS];
  final long[] statusClasses = new long[STATUS_CLASSES];
  double latencyMax = Double.NaN;
  DDSketch latency;
  HllSketch clients;
  ItemsSketch<String> paths;

  /** Adds one sample. */
  public WindowAccumulator add(StatsSample s) {
    count++;
    messageBytes += s.messageBytes;
    responseBytes += s.responseBytes;
    if (s.level >= 0 && s.level < LEVELS) {
      levelCounts[s.level]++;
    }
    boolean error = s.level == Level.ERROR.ordinal() || s.level == Level.FATAL.ordinal();
    if (s.status >= 100 && s.status < 600) {
      statusClasses[s.status / 100 - 1]++;
      error |= s.status >= 500;
    }
    if (error) {
      errorCount++;
    }
    if (!Double.isNaN(s.latencyMs) && s.latencyMs >= 0) {
      latency().accept(s.latencyMs);
      latencyMax = Double.isNaN(latencyMax) ? s.latencyMs : Math.max(latencyMax, s.latencyMs);
    }
    if (s.client != null && !s.client.isEmpty()) {
      clients().update(s.client);
    }
    if (s.path != null && !s.path.isEmpty()) {
      paths().update(s.path);
    }
    return this;
  }

  /** Adds everything in {@code other} to this accumulator and returns it. */
  public WindowAccumulator merge(WindowAccumulator other) {
    count += other.count;
    errorCount += other.errorCount;
    responseBytes += other.responseBytes;
    messageBytes += other.messageBytes;
    for (int i = 0; i < LEVELS; i++) {
      levelCounts[i] += other.levelCounts[i];
    }
    for (int i = 0; i < STATUS_CLASSES; i++) {
      statusClasses[i] += other.statusClasses[i];
    }
    if (!Double.isNaN(other.latencyMax)) {
      latencyMax =
          Double.isNaN(latencyMax) ? other.latencyMax : Math.max(latencyMax, other.latencyMax);
    }
    if (other.latency != null) {
      latency().mergeWith(other.latency);
    }
    if (other.clients != null) {
      Union union = new Union(HLL_LG_K);
      if (clients != null) {
        union.update(clients);
      }
      union.update(other.clients);
      clients = union.getResult();
    }
    if (other.paths != null) {
      paths().merge(other.paths);
    }
    return this;
  }

  DDSketch latency() {
    if (latency == null) {
      latency = newLatencySketch();
    }
    return latency;
  }

  HllSketch clients() {
    if (clients == null) {
      clients = new HllSketch(HLL_LG_K);
    }
    return clients;
  }

  ItemsSketch<String> paths() {
    if (paths == null) {
      paths = new ItemsSketch<>(PATH_MAP_SIZE);
    }
    return paths;
  }

  static DDSketch newLatencySketch() {
    return DDSketches.logarithmicCollapsingLowestDense(LATENCY_ACCURACY, LATENCY_BINS);
  }

  /**
   * Serialized DDSketch (DDSketch's own binary encoding, index mapping included; read it with
   * {@link #readLatencySketch}), null when no latency was seen.
   */
  byte[] latencyBytes() {
    if (latency == null || latency.isEmpty()) {
      return null;
    }
    try {
      GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
      latency.encode(out, false);
      return out.trimmedCopy();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a latency sketch", e);
    }
  }

  /** Reads a sketch written by {@link #latencyBytes()}. */
  public static DDSketch readLatencySketch(byte[] bytes) {
    try {
      return DDSketch.decode(
          ByteArrayInput.wrap(bytes), () -> new CollapsingLowestDenseStore(LATENCY_BINS));
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt latency sketch", e);
    }
  }

  byte[] clientBytes() {
    return clients == null ? null : clients.toCompactByteArray();
  }

  byte[] pathBytes() {
    return paths == null ? null : paths.toByteArray(new ArrayOfStringsSerDe());
  }

  static HllSketch readClients(byte[] bytes) {
    return HllSketch.heapify(bytes);
  }

  static ItemsSketch<String> readPaths(byte[] bytes) {
    return ItemsSketch.getInstance(Memory.wrap(bytes), new ArrayOfStringsSerDe());
  }

  public long count() {
    return count;
  }

  @Override
  public String toString() {
    return "WindowAccumulator{count="
        + count
        + ", errors="
        + errorCount
        + ", levels="
        + Arrays.toString(levelCounts)
        + ", status="
        + Arrays.toString(statusClasses)
        + "}";
  }
}
