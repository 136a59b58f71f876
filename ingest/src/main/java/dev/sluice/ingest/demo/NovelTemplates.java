package dev.sluice.ingest.demo;

/**
 * Error messages for the new-message incident: the {@code k}-th is different from every other one
 * and from every template a demo service normally writes — in its words, and between neighbours in
 * its sentence shape and length too — so a template miner has never seen it. 3072 distinct.
 */
final class NovelTemplates {
  private static final String[] FRAMES = {
    "Unexpected {A} {B} during {C} of batch {id}",
    "{C} aborted: {A} {B} detected on node {n}",
    "Invariant violated, {A} {B} while running {C} in epoch {n} of generation {shard}",
    "Giving up on {C} after {A} {B} in segment {id}",
    "Fatal {A} {B} reported by {C} worker {n}, state discarded",
    "Cannot continue {C}: {A} {B} exceeds tolerance"
  };
  private static final String[] A = {
    "ledger", "quorum", "manifest", "tombstone", "watermark", "lease", "snapshot", "merkle"
  };
  private static final String[] B = {
    "divergence",
    "corruption",
    "overflow",
    "underrun",
    "inversion",
    "collision",
    "skew",
    "starvation"
  };
  private static final String[] C = {
    "compaction", "rebalance", "replay", "sealing", "fencing", "rehydration", "handoff", "vacuum"
  };

  private NovelTemplates() {}

  /** Sentence shapes for {@link #fromWords}, none of them a demo template's. */
  private static final String[] SHAPES = {
    "{w0} {w1} {w2} rejected while {w3} {w4} was {w5}",
    "{w0} {w1}: {w2} {w3} {w4} not {w5} after {n} attempts",
    "cannot {w0} {w1} {w2} because {w3} {w4} {w5}",
    "{w0} {w1} {w2} {w3} exceeded {w4} {w5} limit {n}"
  };

  /**
   * The {@code k}-th new error message of {@code service} made of words its own templates use
   * (placeholders and numbers aside), in a sentence shape it never writes: a template miner that
   * groups by shared words may merge it into an old template, so it must look at shape too.
   */
  static Template fromWords(ServiceProfile service, int k) {
    java.util.List<String> words = new java.util.ArrayList<>();
    for (java.util.List<Template> level :
        java.util.List.of(service.info(), service.warn(), service.error(), service.debug())) {
      for (Template t : level) {
        for (String w : t.text().split("[^A-Za-z]+")) {
          if (w.length() >= 4 && !words.contains(w.toLowerCase(java.util.Locale.ROOT))) {
            words.add(w.toLowerCase(java.util.Locale.ROOT));
          }
        }
      }
    }
    String text = SHAPES[k % SHAPES.length];
    java.util.SplittableRandom r =
        new java.util.SplittableRandom(k * 7919L + service.name().hashCode());
    for (int i = 0; i < 6; i++) {
      text = text.replace("{w" + i + "}", words.get(r.nextInt(words.size())));
    }
    return Template.of(text);
  }

  static Template get(int k) {
    int frame = k % FRAMES.length;
    int rest = k / FRAMES.length;
    String text =
        FRAMES[frame]
            .replace("{A}", A[rest % A.length])
            .replace("{B}", B[(rest / A.length) % B.length])
            .replace("{C}", C[(rest / (A.length * B.length)) % C.length]);
    return Template.of(text);
  }
}
