package dev.sluice.query.storage;

import dev.sluice.model.layout.PartFilePath.Partition;

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

  /** True when this filter keeps every partition, so one recursive listing is cheapest. */
  default boolean keepsAll() {
    return false;
  }
}
