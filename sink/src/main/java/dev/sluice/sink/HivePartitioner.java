package dev.sluice.sink;

import dev.sluice.model.layout.PartFilePath;
import dev.sluice.model.layout.PartFilePath.Partition;
import java.time.Instant;
import java.util.Objects;

/**
 * The standard {@link Partitioner}s: the Hive-style partitions of the storage layout, {@code
 * dt=YYYY-MM-DD/hour=HH/service=<name>} or {@code dt=YYYY-MM-DD/hour=HH}, in UTC, that Spark,
 * Trino, DuckDB and {@code sluice query} prune on. The layout itself (escaping, the default
 * partition, parsing back) is {@link PartFilePath.Partition}'s, in {@code model}, shared with the
 * query side.
 */
public final class HivePartitioner {
  private HivePartitioner() {}

  /**
   * {@code dt=YYYY-MM-DD/hour=HH/service=<name>} from a record's time (UTC) and service.
   *
   * @param time the record's event time; a null time fails the write with a clear message
   * @param service the record's service name; null or empty goes to {@value
   *     PartFilePath#DEFAULT_PARTITION}
   */
  public static <T> Partitioner<T> byTimeAndService(
      SerializableFunction<T, Instant> time,
      SerializableFunction<T, ? extends CharSequence> service) {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(service, "service");
    return record -> {
      CharSequence s = service.apply(record);
      return Partition.byTimeAndService(timeOf(record, time), s == null ? null : s.toString())
          .toPath();
    };
  }

  /** {@code dt=YYYY-MM-DD/hour=HH} from a record's time (UTC). */
  public static <T> Partitioner<T> byTime(SerializableFunction<T, Instant> time) {
    Objects.requireNonNull(time, "time");
    return record -> Partition.byTime(timeOf(record, time)).toPath();
  }

  private static <T> Instant timeOf(T record, SerializableFunction<T, Instant> time) {
    Instant t = time.apply(record);
    if (t == null) {
      throw new IllegalArgumentException("record has no time to partition by: " + record);
    }
    return t;
  }
}
