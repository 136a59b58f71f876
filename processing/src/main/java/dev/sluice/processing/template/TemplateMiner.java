package dev.sluice.processing.template;

import dev.sluice.processing.anomaly.AnomalyIds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming log-template mining in the manner of Drain (He et al., ICWS 2017), with the grouping
 * rule changed where Drain is known to go wrong. A message's masked tokens ({@link Masker}) lead to
 * a leaf by token count and the first {@code depth - 2} tokens (a token holding a parameter counts
 * as a parameter). In the leaf, a message joins the template it matches best if they differ only
 * where one of them holds a parameter (and at least {@code similarity} of the positions are equal
 * or a parameter in the template); those positions become parameters. A message that differs from a
 * template in a plain word starts a template of its own: Drain would merge "Starting X" into
 * "Ending X". Only when {@code mergeAfter} templates of a leaf differ from each other in one and
 * the same word position (user names, host names: many values; not Starting/Ending) are they merged
 * into the oldest, with a parameter there — a streaming stand-in for Brain's (Yu et al., 2023)
 * frequency-based choice of which positions vary. The tree is flat: a leaf is found by its path in
 * a {@link LeafStore} (a hash map offline and in tests, Flink map state in the job); at most {@code
 * maxPerLeaf} templates per leaf, the least recently seen evicted first.
 *
 * <p>A template's id is derived from the service and the text it started with, so it is the same
 * whenever the same messages arrive in the same order, and it never changes afterwards (kept in
 * state across restarts), even when the template generalises; a template merged into another is
 * reported in {@link Match#absorbed()} so that callers can follow it. Not thread-safe.
 */
public final class TemplateMiner {
  /** Where leaves live. */
  public interface LeafStore {
    /** The templates of leaf {@code path}, or null. */
    List<TemplateCluster> get(String path) throws Exception;

    void put(String path, List<TemplateCluster> templates) throws Exception;
  }

  /**
   * What {@link #add} did: the template the message belongs to, whether it was created or changed,
   * and the ids of templates merged into it by this message (usually none).
   */
  public record Match(
      TemplateCluster template,
      String leaf,
      boolean created,
      boolean changed,
      List<String> absorbed) {}

  /** Tree depth: token count and two leading tokens, as Drain. */
  public static final int DEFAULT_DEPTH = 4;

  /** Smallest share of equal (or parameter) positions for a message to join a template. */
  public static final double DEFAULT_SIMILARITY = 0.5;

  /** Templates kept per leaf. */
  public static final int DEFAULT_MAX_PER_LEAF = 50;

  /** Templates differing in one word position that are merged into one. */
  public static final int DEFAULT_MERGE_AFTER = 3;

  private final LeafStore store;
  private final int depth;
  private final double similarity;
  private final int maxPerLeaf;
  private final int mergeAfter;

  /**
   * @param depth tree depth, at least 3 (Drain's default 4: count and two leading tokens)
   * @param similarity smallest share of equal positions to join a template
   * @param maxPerLeaf templates kept per leaf; the least recently seen goes first
   * @param mergeAfter how many templates differing in the same single word make it a parameter
   */
  public TemplateMiner(
      LeafStore store, int depth, double similarity, int maxPerLeaf, int mergeAfter) {
    if (depth < 3 || similarity <= 0 || similarity > 1 || maxPerLeaf < 1 || mergeAfter < 2) {
      throw new IllegalArgumentException(
          "need depth >= 3, 0 < similarity <= 1, maxPerLeaf >= 1, mergeAfter >= 2");
    }
    this.store = store;
    this.depth = depth;
    this.similarity = similarity;
    this.maxPerLeaf = maxPerLeaf;
    this.mergeAfter = mergeAfter;
  }

  /** A miner merging after {@link #DEFAULT_MERGE_AFTER} word variants. */
  public TemplateMiner(LeafStore store, int depth, double similarity, int maxPerLeaf) {
    this(store, depth, similarity, maxPerLeaf, DEFAULT_MERGE_AFTER);
  }

  /** A miner with the default settings. */
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
      double sim = joinSimilarity(c.tokens, tokens);
      if (sim < 0) {
        continue; // differs in a plain word
      }
      int params = params(c.tokens);
      if (sim > bestSim || (sim == bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    boolean created = false;
    boolean changed = false;
    List<String> absorbed = List.of();
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
      TemplateCluster survivor = mergeWordVariants(templates, best);
      if (survivor != null) {
        absorbed = new ArrayList<>();
        for (int k = templates.size() - 1; k >= 0; k--) {
          TemplateCluster c = templates.get(k);
          if (c != survivor && c.mergedInto != null) {
            absorbed.add(c.id);
            templates.remove(k);
          }
        }
        created = survivor == best;
        changed = true;
        best = survivor;
        best.text = null;
      }
    } else {
      changed = generalise(best.tokens, tokens);
      if (changed) {
        best.text = null;
      }
    }
    best.lastSeen = Math.max(best.lastSeen, time);
    best.count(window, rateAlpha);
    store.put(leaf, templates);
    return new Match(best, leaf, created, changed, absorbed);
  }

  /**
   * If at least {@code mergeAfter} templates of the leaf (the new one among them) differ from each
   * other in the same one or two plain-word positions and nowhere else but at parameters, merges
   * them into the oldest, with parameters there; marks the others {@link
   * TemplateCluster#mergedInto}.
   *
   * @return the surviving template, or null when nothing was merged
   */
  private TemplateCluster mergeWordVariants(
      List<TemplateCluster> templates, TemplateCluster fresh) {
    int n = fresh.tokens.length;
    if (n < 2) {
      return null;
    }
    Map<Long, Integer> votes = new HashMap<>();
    long[] at = new long[templates.size()];
    for (int k = 0; k < templates.size(); k++) {
      TemplateCluster c = templates.get(k);
      at[k] = c == fresh ? -2 : wordDifferences(c.tokens, fresh.tokens);
      if (at[k] >= 0) {
        votes.merge(at[k], 1, Integer::sum);
      }
    }
    long positions = -1;
    int most = 0;
    for (Map.Entry<Long, Integer> e : votes.entrySet()) {
      if (e.getValue() + 1 >= mergeAfter && e.getValue() > most) {
        positions = e.getKey();
        most = e.getValue();
      }
    }
    if (positions < 0) {
      return null;
    }
    TemplateCluster survivor = null;
    for (int k = 0; k < templates.size(); k++) {
      TemplateCluster c = templates.get(k);
      if (at[k] == positions && (survivor == null || c.firstSeen < survivor.firstSeen)) {
        survivor = c;
      }
    }
    for (int k = 0; k < templates.size(); k++) {
      TemplateCluster c = templates.get(k);
      if ((at[k] == positions || c == fresh) && c != survivor) {
        generalise(survivor.tokens, Arrays.asList(c.tokens));
        survivor.count += c.count;
        survivor.windowCount += c.window == survivor.window ? c.windowCount : 0;
        survivor.firstSeen = Math.min(survivor.firstSeen, c.firstSeen);
        survivor.lastSeen = Math.max(survivor.lastSeen, c.lastSeen);
        c.mergedInto = survivor.id;
      }
    }
    return survivor;
  }

  /**
   * The positions (as {@code i1 + 1 + (i2 + 1) * 65536}) of the one or two plain words in which
   * {@code a} and {@code b} differ, when they differ nowhere else; -1 otherwise. Two positions only
   * in templates of at least four tokens.
   */
  private static long wordDifferences(String[] a, String[] b) {
    if (a.length != b.length) {
      return -1;
    }
    long first = -1;
    long second = -1;
    for (int i = 0; i < a.length; i++) {
      if (compatible(a[i], b[i])) {
        continue;
      }
      if (a[i].contains(Masker.PARAM) || b[i].contains(Masker.PARAM)) {
        return -1; // a different shape, not another value of a word
      }
      if (first < 0) {
        first = i;
      } else if (second < 0 && a.length >= 4) {
        second = i;
      } else {
        return -1;
      }
    }
    if (first < 0) {
      return -1;
    }
    return first + 1 + (second + 1) * 65536L;
  }

  /**
   * Whether two tokens can be the same template position: equal, one of them a whole parameter, or
   * one a pattern the other fits ({@code uid=<*>} and {@code uid=0}, {@code (<*>)} and {@code ()});
   * {@code tty=:<*>} and {@code tty=NODEVssh} are not.
   */
  static boolean compatible(String a, String b) {
    if (a.equals(b) || a.equals(Masker.PARAM) || b.equals(Masker.PARAM)) {
      return true;
    }
    boolean pa = a.contains(Masker.PARAM);
    boolean pb = b.contains(Masker.PARAM);
    return (pa && fits(a, b)) || (pb && fits(b, a));
  }

  /** Whether {@code text} fits {@code pattern}, each parameter standing for any characters. */
  private static boolean fits(String pattern, String text) {
    String p = Masker.PARAM;
    int first = pattern.indexOf(p);
    if (first < 0) {
      return pattern.equals(text);
    }
    if (!text.regionMatches(0, pattern, 0, first)) {
      return false;
    }
    int at = first;
    int from = first + p.length();
    int next;
    while ((next = pattern.indexOf(p, from)) >= 0) {
      int length = next - from;
      int found = indexOfRegion(text, pattern, from, length, at);
      if (found < 0) {
        return false;
      }
      at = found + length;
      from = next + p.length();
    }
    int lastLength = pattern.length() - from;
    return text.length() - at >= lastLength
        && text.regionMatches(text.length() - lastLength, pattern, from, lastLength);
  }

  /**
   * Where {@code pattern[from, from + length)} first occurs in {@code text} at or after {@code at}.
   */
  private static int indexOfRegion(String text, String pattern, int from, int length, int at) {
    for (int k = at; k + length <= text.length(); k++) {
      if (text.regionMatches(k, pattern, from, length)) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Turns the positions where {@code tokens} differ from {@code template} into the most specific
   * pattern covering both: the one that already fits the other, else a whole parameter.
   */
  private static boolean generalise(String[] template, List<String> tokens) {
    boolean changed = false;
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      String m = tokens.get(i);
      if (t.equals(m) || t.equals(Masker.PARAM)) {
        continue;
      }
      String g;
      if (t.contains(Masker.PARAM) && fits(t, m)) {
        continue; // "rhost=<*>" already covers "rhost="
      } else if (m.contains(Masker.PARAM) && fits(m, t)) {
        g = m; // "(eadmin1)" becomes "(<*>)"
      } else {
        g = Masker.PARAM;
      }
      template[i] = g;
      changed = true;
    }
    return changed;
  }

  /**
   * The share of positions where the template equals the message or holds a parameter; -1 when they
   * differ in a position where neither holds a parameter (a plain word).
   */
  static double joinSimilarity(String[] template, List<String> tokens) {
    if (template.length == 0) {
      return 1;
    }
    int equal = 0;
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      String m = tokens.get(i);
      if (t.equals(m) || t.equals(Masker.PARAM)) {
        equal++;
      } else if (!compatible(t, m)) {
        return -1;
      }
    }
    return (double) equal / template.length;
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
