package dev.sluice.processing.anomaly;

import dev.sluice.model.AnomalyKind;
import dev.sluice.model.Severity;

/**
 * One detector's verdict on one window: the observed and expected values with bounds and score, and
 * whether the window is anomalous enough to open an incident ({@link #opens}) or to keep one open
 * ({@link #abnormal}).
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
  Severity severity = Severity.WARNING;
  String description;

  static Reading normal() {
    return new Reading();
  }
}
