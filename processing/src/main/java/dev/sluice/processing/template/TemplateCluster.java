package dev.sluice.processing.template;

/**
 * One mined template: a stable id, its tokens (variable positions {@link Masker#PARAM}) and usage
 * figures for recency (LRU eviction) and rarity (bursts). Fixed size apart from its tokens. A Flink
 * POJO.
 */
public final class TemplateCluster {
  /** Stable id, derived from the service and the template's first text; never changes. */
  public String id;

  /** The masked tokens; variable positions are {@link Masker#PARAM}. */
  public String[] tokens;

  /** The id of the template this one was merged into, or null. */
  public String mergedInto;

  /** The {@linkplain TemplateText#canonical canonical} text, or null until asked for. */
  public String text;

  public long count;
  public long firstSeen;
  public long lastSeen;

  /** Window index being counted, and occurrences in it. */
  public long window = Long.MIN_VALUE;

  public long windowCount;

  /** Long-run occurrences per window (moving average over windows, empty ones included). */
  public double rate;

  public TemplateCluster() {}

  /** The template as a person would write it: {@link TemplateText#canonical} of the tokens. */
  public String text() {
    String t = text;
    if (t == null) {
      t = TemplateText.canonical(String.join(" ", tokens));
      text = t;
    }
    return t;
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
