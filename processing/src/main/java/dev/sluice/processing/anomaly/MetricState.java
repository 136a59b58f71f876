package dev.sluice.processing.anomaly;

/**
 * The state of one detector on one series: its baseline and the incident it has open, if any. Fixed
 * size. A Flink POJO.
 */
public final class MetricState {
  public RobustBaseline baseline = new RobustBaseline();

  /** Id of the open incident, null when none. */
  public String incidentId;

  /** Kind of the open incident ({@code AnomalyKind} name). */
  public String incidentKind;

  public long incidentStart;
  public long incidentLastEnd;
  public int normalStreak;
  public double reportedScore;
  public String reportedSeverity;

  /** A drop seen in a window, waiting for the next window to confirm the source still talks. */
  public long pendingStart = -1;

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
  }
}
