package dev.sluice.processing.anomaly;

import dev.sluice.model.AnomalyStatus;

/**
 * Hysteresis over per-window readings, so that one incident is one anomaly: it opens on a reading
 * that {@link Reading#opens}, stays open while readings are {@link Reading#abnormal} (reporting
 * UPDATED only when the score grows by half or the severity rises), and resolves after {@code
 * resolveAfterWindows} normal windows in a row — or after a quarter of a day, when the new level is
 * accepted as normal and the baseline starts over. The baseline learns only from windows outside
 * incidents.
 */
final class IncidentTracker {
  private IncidentTracker() {}

  /**
   * Advances {@code m} by one reading and returns what to report, or null.
   *
   * @param value the value the baseline learns when the window is normal
   */
  static AnomalyStatus step(
      MetricState m,
      Reading r,
      WindowObservation o,
      double value,
      String idWhere,
      AnomalyConfig c) {
    if (m.open()) {
      boolean same = r.abnormal && r.kind != null && r.kind.name().equals(m.incidentKind);
      if (o.windowEnd - m.incidentStart > c.dayLength.toMillis() / 4) {
        m.baseline = new RobustBaseline();
        return AnomalyStatus.RESOLVED;
      }
      if (same) {
        m.normalStreak = 0;
        m.incidentLastEnd = o.windowEnd;
        boolean worse = r.severity.ordinal() > severityOrdinal(m.reportedSeverity);
        if (worse || r.score >= 1.5 * m.reportedScore) {
          m.reportedScore = r.score;
          m.reportedSeverity = r.severity.name();
          return AnomalyStatus.UPDATED;
        }
        return null;
      }
      m.normalStreak++;
      return m.normalStreak >= c.resolveAfterWindows ? AnomalyStatus.RESOLVED : null;
    }
    if (r.opens) {
      open(m, r, o.windowStart, o.windowEnd, o.service, idWhere);
      return AnomalyStatus.OPEN;
    }
    m.baseline.update(value, o.windowStart, c.baselineAlpha, WindowRules.hourMillis(c));
    return null;
  }

  static void open(
      MetricState m, Reading r, long start, long lastEnd, String service, String idWhere) {
    m.incidentId = AnomalyIds.of(r.kind, service, idWhere, start);
    m.incidentKind = r.kind.name();
    m.incidentStart = start;
    m.incidentLastEnd = lastEnd;
    m.normalStreak = 0;
    m.reportedScore = r.score;
    m.reportedSeverity = r.severity.name();
  }

  private static int severityOrdinal(String name) {
    return name == null ? -1 : dev.sluice.model.Severity.valueOf(name).ordinal();
  }
}
