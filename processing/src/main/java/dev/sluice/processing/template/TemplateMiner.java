package dev.sluice.processing.template;

import dev.sluice.processing.anomaly.AnomalyIds;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming log-template mining in the manner of Drain (He et al., ICWS 2017): a message's masked
 * tokens ({@link Masker}) lead through a fixed-depth tree — token count, then the first {@code
 * depth - 2} tokens (a token with a digit counts as a parameter) — to a leaf with a few templates;
 * the most similar one (share of equal non-parameter positions, at least {@code similarity}) takes
 * the message and turns its differing positions into parameters, else the message starts a new
 * template. The tree is flat here: a leaf is found by its path, in a {@link LeafStore} (a hash map
 * in tests, Flink map state in the job).
 *
 * <p>A template's id is derived from the service and the text it started with, so it is the same
 * whenever the same messages arrive in the same order, and it never changes afterwards (kept in
 * state across restarts), even when the template generalises. Not thread-safe.
 */
public final class TemplateMiner {
  /** Where leaves live. */
  public interface LeafStore {
    /** The templates of leaf {@code path}, or null. */
    List<TemplateCluster> get(String path) throws Exception;

    void put(String path, List<TemplateCluster> templates) throws Exception;
  }

  /** What {@link #add} did. */
  public record Match(TemplateCluster template, String leaf, boolean created, boolean changed) {}

  /** Tree depth: token count and two leading tokens, as Drain. */
  public static final int DEFAULT_DEPTH = 4;

  /** Smallest share of equal positions for a message to join a template. */
  public static final double DEFAULT_SIMILARITY = 0.5;

  /** Templates kept per leaf. */
  public static final int DEFAULT_MAX_PER_LEAF = 50;

  private final LeafStore store;
  private final int depth;
  private final double similarity;
  private final int maxPerLeaf;

  /**
   * @param depth tree depth, at least 3 (Drain's default 4: count and two leading tokens)
   * @param similarity smallest share of equal positions to join a template (Drain: 0.4–0.5)
   * @param maxPerLeaf templates kept per leaf; the least recently seen goes first
   */
  public TemplateMiner(LeafStore store, int depth, double similarity, int maxPerLeaf) {
    if (depth < 3 || similarity <= 0 || similarity > 1 || maxPerLeaf < 1) {
      throw new IllegalArgumentException("need depth >= 3, 0 < similarity <= 1, maxPerLeaf >= 1");
    }
    this.store = store;
    this.depth = depth;
    this.similarity = similarity;
    this.maxPerLeaf = maxPerLeaf;
  }

  /** A miner with Drain's usual settings: depth 4, similarity 0.5, 50 templates per leaf. */
  public static TemplateMiner withDefaults(LeafStore store) {
    return new TemplateMiner(store, DEFAULT_DEPTH, DEFAULT_SIMILARITY, DEFAULT_MAX_PER_LEAF);
  }

  /**
   * Files one message of {@code service} seen at {@code time} (window index {@code window}). The
   * returned template is the stored object: the caller must not change it.
   */
  public Match add(String service, String message, long time, long window, double rateAlpha)
      throws Exception {
    List<String> tokens = Masker.tokens(message);
    String leaf = leafPath(tokens);
    List<TemplateCluster> templates = store.get(leaf);
    if (templates == null) {
      templates = new ArrayList<>(2);
    }
    TemplateCluster best = null;
    double bestSim = -1;
    int bestParams = -1;
    for (TemplateCluster c : templates) {
      double sim = similarity(c.tokens, tokens);
      int params = params(c.tokens);
      if (sim > bestSim || (sim == bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    boolean created = false;
    boolean changed = false;
    if (best == null || bestSim < similarity) {
      best = new TemplateCluster();
      best.tokens = tokens.toArray(new String[0]);
      best.id = AnomalyIds.hash(service + '\u0000' + String.join(" ", best.tokens));
      best.firstSeen = time;
      best.lastSeen = time;
      if (templates.size() >= maxPerLeaf) {
        templates.remove(leastRecentlySeen(templates));
      }
      templates.add(best);
      created = true;
    } else {
      for (int i = 0; i < best.tokens.length; i++) {
        if (!best.tokens[i].equals(tokens.get(i)) && !best.tokens[i].equals(Masker.PARAM)) {
          best.tokens[i] = Masker.PARAM;
          changed = true;
        }
      }
      if (changed) {
        best.text = null;
      }
    }
    best.lastSeen = Math.max(best.lastSeen, time);
    best.count(window, rateAlpha);
    store.put(leaf, templates);
    return new Match(best, leaf, created, changed);
  }

  /** The template seen longest ago (the fewest occurrences among equals): the one to evict. */
  private static int leastRecentlySeen(List<TemplateCluster> templates) {
    int oldest = 0;
    for (int i = 1; i < templates.size(); i++) {
      TemplateCluster c = templates.get(i);
      TemplateCluster o = templates.get(oldest);
      if (c.lastSeen < o.lastSeen || (c.lastSeen == o.lastSeen && c.count < o.count)) {
        oldest = i;
      }
    }
    return oldest;
  }

  /** The path of the leaf a message with {@code tokens} goes to. */
  String leafPath(List<String> tokens) {
    StringBuilder path = new StringBuilder().append(tokens.size());
    for (int i = 0; i < depth - 2 && i < tokens.size(); i++) {
      String t = tokens.get(i);
      path.append('\u0001').append(t.contains(Masker.PARAM) ? Masker.PARAM : t);
    }
    return path.toString();
  }

  static double similarity(String[] template, List<String> tokens) {
    if (template.length == 0) {
      return 1;
    }
    int equal = 0;
    for (int i = 0; i < template.length; i++) {
      if (template[i].equals(tokens.get(i))) {
        equal++;
      }
    }
    return (double) equal / template.length;
  }

  private static int params(String[] tokens) {
    int n = 0;
    for (String t : tokens) {
      if (t.equals(Masker.PARAM)) {
        n++;
      }
    }
    return n;
  }

}
