package dev.sluice.processing.state;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/**
 * The time-to-live of the job's keyed states that are read and written for every event: templates
 * per service ({@code anomaly-templates}), silence sources and pending events ({@code
 * anomaly-silence}). States touched once per window keep Flink's default cleanup.
 *
 * <p>Entries expire {@code ttl} after their last write, as with Flink's default; what differs is
 * how expired entries are cleaned up. Flink's default for the heap state backend, incremental
 * cleanup, visits five state entries on every state access, and for a map state an entry is the
 * whole map of one key: it deep-copies every value of it (Flink's {@code
 * TtlMapState.getUnexpiredOrNull}), so each event paid for a copy of up to five keys' whole maps —
 * every template of five services, every event still held for the watermark (for value states the
 * visit is cheaper, but still five entries per access). Here:
 *
 * <ul>
 *   <li>an expired entry is never returned and is removed when it is read or iterated over (Flink's
 *       lazy cleanup, always on);
 *   <li>checkpoints and savepoints leave expired entries out ({@code cleanupFullSnapshot}: heap
 *       snapshots are full), so the state a job restores is bounded by the TTL;
 *   <li>with RocksDB, its compaction filter drops them (Flink's default there);
 *   <li>no incremental background cleanup on the heap backend: the entries of a key that is never
 *       read again stay in memory until the next restore (they are left out of every checkpoint
 *       meanwhile).
 * </ul>
 *
 * <p>The cleanup strategy is not part of the serialized state: savepoints taken with the default
 * strategy restore with this one and back.
 */
public final class PerEventStateTtl {
  /** Entries read per RocksDB compaction-filter query of the current time (Flink's default). */
  static final long ROCKSDB_QUERY_TIME_AFTER_ENTRIES = 1000;

  private PerEventStateTtl() {}

  /** The TTL config for a per-event state whose entries live {@code ttl} after a write. */
  public static StateTtlConfig of(Duration ttl) {
    return builder(ttl).build();
  }

  /** The builder behind {@link #of}, for callers that set the update type or visibility. */
  public static StateTtlConfig.Builder builder(Duration ttl) {
    return StateTtlConfig.newBuilder(ttl)
        .disableCleanupInBackground()
        .cleanupFullSnapshot()
        .cleanupInRocksdbCompactFilter(ROCKSDB_QUERY_TIME_AFTER_ENTRIES);
  }
}
