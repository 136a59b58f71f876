package dev.sluice.sink;

import java.io.Serializable;

/**
 * Maps a record to the partition path it is stored under, e.g. {@code
 * dt=2026-11-26/hour=08/service=checkout}.
 *
 * <p>Contract: the result is a relative path of {@code name=value} segments separated by {@code /},
 * deterministic for a given record, with no empty segment and no segment starting with {@code _} or
 * {@code .} (readers skip those). An empty string stores the record right under the table. The
 * writer checks this and fails with the offending path. Implementations must be {@link
 * Serializable}: Flink ships them to the task managers.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface Partitioner<T> extends Serializable {
  /** The partition path of {@code record}. */
  String partitionFor(T record);
}
