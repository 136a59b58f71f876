package dev.sluice.sink;

import dev.sluice.model.layout.PartFilePath;
import dev.sluice.model.layout.PartFilePath.Partition;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The standard {@link Partitioner}s: the Hive-style partitions of the storage layout, {@code
 * dt=YYYY-MM-DD/hour=HH/service=<name>} or {@code dt=YYYY-MM-DD/hour=HH}, in UTC, that Spark,
 * Trino, DuckDB and {@code sluice query} prune on. The layout itself (escaping, the default
 * partition, parsing back) is {@link PartFilePath.Partition}'s, in {@code model}, shared with the
 * query side.
 *
 * <p>A partition path depends only on the record's UTC hour and service, and a stream holds few of
 * those at a time, so each partitioner remembers the paths it built (up to {@value #CACHED_PATHS},
 * then it starts afresh) and returns the same string for the same hour and service: no formatting
 * or escaping per record, and the writer's lookup of the open file reuses the string's cached hash.
 * Safe to call from several threads.
 */
public final class HivePartitioner {
  /** Paths each partitioner remembers before it forgets them all and starts again. */
  static final int CACHED_PATHS = 4096;

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
    return new Cached<>(time, service);
  }

  /** {@code dt=YYYY-MM-DD/hour=HH} from a record's time (UTC). */
  public static <T> Partitioner<T> byTime(SerializableFunction<T, Instant> time) {
    Objects.requireNonNull(time, "time");
    return new Cached<>(time, null);
  }

  /** The hour-and-service (or hour) partitioner with its cache of built paths. */
  private static final class Cached<T> implements Partitioner<T> {
    private static final long serialVersionUID = 1L;

    private final SerializableFunction<T, Instant> time;
    private final SerializableFunction<T, ? extends CharSequence> service; // null: by time only
    private transient ConcurrentHashMap<Key, String> paths;

    Cached(
        SerializableFunction<T, Instant> time,
        SerializableFunction<T, ? extends CharSequence> service) {
      this.time = time;
      this.service = service;
    }

    @Override
    public String partitionFor(T record) {
      Instant t = time.apply(record);
      if (t == null) {
        throw new IllegalArgumentException("record has no time to partition by: " + record);
      }
      String name = null;
      if (service != null) {
        CharSequence s = service.apply(record);
        name = s == null ? "" : s.toString(); // null and empty both go to the default partition
      }
      Key key = new Key(Math.floorDiv(t.getEpochSecond(), 3_600L), name);
      ConcurrentHashMap<Key, String> cache = paths;
      if (cache == null) {
        cache = new ConcurrentHashMap<>();
        paths = cache;
      }
      String path = cache.get(key);
      if (path == null) {
        path =
            service == null
                ? Partition.byTime(t).toPath()
                : Partition.byTimeAndService(t, name).toPath();
        if (cache.size() >= CACHED_PATHS) {
          cache.clear();
        }
        cache.put(key, path);
      }
      return path;
    }
  }

  /** A UTC hour since the epoch and a service name (null for time-only tables). */
  private record Key(long hour, String service) {}
}
