package dev.sluice.query.storage;

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
        public boolean mayMatch(PartitionPath partition) {
          return true;
        }
      };

  boolean mayMatchDay(String dt);

  boolean mayMatchHour(String dt, int hour);

  boolean mayMatch(PartitionPath partition);
}
