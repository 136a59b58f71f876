package dev.sluice.query.storage;

import dev.sluice.model.layout.PartFilePath.Partition;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, level by level, whether a partition may hold rows a query wants. Answers {@code false}
 * only when it is sure no row can match; unknown means {@code true}.
 */
public interface PartitionFilter {
  /** Keeps every partition. */
  PartitionFilter ALL =
      new PartitionFilter() {
        @Override
        public boolean mayMatchDay(String dt) {
          return true;
        }

        @Override
        public boolean mayMatchHour(String dt, int hour) {
          return true;
        }

        @Override
        public boolean mayMatch(Partition partition) {
          return true;
        }

        @Override
        public boolean keepsAll() {
          return true;
        }
      };

  boolean mayMatchDay(String dt);

  boolean mayMatchHour(String dt, int hour);

  boolean mayMatch(Partition partition);

  /**
   * The only days ({@code YYYY-MM-DD}) a match may lie in, when the conditions pin them (such as
   * {@code dt = '2026-01-05'} or {@code dt IN (…)}); empty when they do not, and the days must be
   * listed. The lister then opens those prefixes without listing the table's days.
   */
  default Optional<Set<String>> pinnedDays() {
    return Optional.empty();
  }

  /** The only hours (0-23) a match may lie in, when the conditions pin them; see pinnedDays. */
  default Optional<Set<Integer>> pinnedHours() {
    return Optional.empty();
  }

  /** The only services a match may belong to, when the conditions pin them; see pinnedDays. */
  default Optional<Set<String>> pinnedServices() {
    return Optional.empty();
  }

  /** True when this filter keeps every partition, so one recursive listing is cheapest. */
  default boolean keepsAll() {
    return false;
  }
}
