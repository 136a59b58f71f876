package dev.sluice.processing.anomaly;

/**
 * The state of one detector on one series: its baseline, its sequential evidence (a rise and, for
 * volume, a fall) and the incident it has open, if any. Fixed size. A Flink POJO.
 */
public final class MetricState {
  public RobustBaseline baseline = new RobustBaseline();

  /** The error detector's baseline (unused by the others). */
  public ShareBaseline share = new ShareBaseline();

  /** The latency detector's noise model (unused by the others). */
  public LatencySpread spread = new LatencySpread();

  /** The windows not yet learnt by the baseline. */
  public LearningDelay held = new LearningDelay();

  /** Evidence of a rise (spike, more errors, slower). */
  public Evidence up = new Evidence();

  /** Evidence of a fall (volume drop). */
  public Evidence down = new Evidence();

  /** Id of the open incident, null when none. */
  public String incidentId;

  /** Kind of the open incident ({@code AnomalyKind} name). */
  public String incidentKind;

  public long incidentStart;
  public long incidentLastEnd;
  public int normalStreak;
  public double reportedScore;
  public String reportedSeverity;

  /** Windows judged since the incident opened. */
  public int incidentWindows;

  public MetricState() {}

  public boolean open() {
    return incidentId != null;
  }

  void close() {
    incidentId = null;
    incidentKind = null;
    normalStreak = 0;
    reportedScore = 0;
    reportedSeverity = null;
    incidentWindows = 0;
    up.reset();
    down.reset();
    held.clear();
  }
}
