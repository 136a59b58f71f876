package dev.sluice.processing.template;

/**
 * One mined template: a stable id, its tokens (variable positions {@link Masker#PARAM}) and usage
 * figures for recency (LRU eviction) and rarity (bursts). Fixed size apart from its tokens. A Flink
 * POJO.
 */
public final class TemplateCluster {
  /** Stable id, derived from the service and the template's first text; never changes. */
  public String id;

  public String[] tokens;
  public long count;
  public long firstSeen;
  public long lastSeen;

  /** Window index being counted, and occurrences in it. */
  public long window = Long.MIN_VALUE;

  public long windowCount;

  /** Long-run occurrences per window (moving average over windows, empty ones included). */
  public double rate;

  public TemplateCluster() {}

  /** The template text, tokens joined by one space. */
  public String text() {
    return String.join(" ", tokens);
  }

  /** Counts one occurrence in window {@code w}, folding finished windows into {@link #rate}. */
  void count(long w, double alpha) {
    if (w != window) {
      if (window != Long.MIN_VALUE && w > window) {
        rate += alpha * (windowCount - rate);
        long empty = Math.min(w - window - 1, 10_000);
        rate *= Math.pow(1 - alpha, empty);
      }
      window = w;
      windowCount = 0;
    }
    windowCount++;
    count++;
  }
}
