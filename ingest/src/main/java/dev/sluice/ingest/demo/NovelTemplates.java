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
