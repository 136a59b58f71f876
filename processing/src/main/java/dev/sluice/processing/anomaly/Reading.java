package dev.sluice.processing.anomaly;

import dev.sluice.model.AnomalyKind;
import dev.sluice.model.Severity;

/**
 * One detector's verdict after one window: the observed and expected values with bounds, the score
 * (the accumulated evidence in units of the threshold), over how many windows the evidence built
 * up, and whether it is enough to open an incident ({@link #opens}) or, for an open one, whether
 * this window still looks like it ({@link #abnormal}).
 */
final class Reading {
  AnomalyKind kind;
  double observed;
  double expected;
  double lower;
  double upper;
  double score;
  boolean opens;
  boolean abnormal;
  int windows;
  long evidenceStart = -1;
  Severity severity = Severity.WARNING;
  String description;

  /** The value the baseline learns from this window, where the test derives it (latency). */
  double value = Double.NaN;

  /** The weight of {@link #value} (latency: the requests judged). */
  double weight = 1;

  static Reading normal() {
    return new Reading();
  }
}
