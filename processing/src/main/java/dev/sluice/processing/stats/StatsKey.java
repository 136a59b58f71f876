package dev.sluice.processing.stats;

import java.util.Objects;

/**
 * What window stats are grouped by: a service alone ({@code host == null}, the roll-up over all
 * hosts) or a service and one host. A Flink POJO with a deterministic {@link #hashCode()}, as keys
 * must have.
 */
public final class StatsKey {
  public String service;
  public String host;

  public StatsKey() {}

  public StatsKey(String service, String host) {
    this.service = service;
    this.host = host;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatsKey k
        && Objects.equals(service, k.service)
        && Objects.equals(host, k.host);
  }

  /**
   * {@code Objects.hash(service, host)}, as it always was (the hash places keys in key groups, so a
   * savepoint's state depends on it), without the array {@code Objects.hash} allocates: Flink asks
   * for it several times per stats sample (partitioning, key group, state map, timers).
   */
  @Override
  public int hashCode() {
    return 31 * (31 + Objects.hashCode(service)) + Objects.hashCode(host);
  }

  @Override
  public String toString() {
    return host == null ? service : service + "/" + host;
  }
}
