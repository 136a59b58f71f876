package dev.sluice.processing.anomaly;

import dev.sluice.model.AnomalyStatus;

/**
 * The lifecycle of one incident over sequential readings, so that one incident is one anomaly: it
 * opens on a reading that {@link Reading#opens} (its first window is where the evidence began to
 * build up, the estimated change point), stays open while windows are {@link Reading#abnormal}
 * (reporting UPDATED only when the severity rises: evidence of a sustained shift keeps growing,
 * which is no news), and resolves after {@code resolveAfterWindows} normal windows in a row — or
 * after a quarter of a day, when the new level is accepted as normal and the baseline's level
 * starts over (its daily profile is kept). The baseline learns only from windows outside incidents
 * and without evidence building up ({@link Reading#learn}).
 */
final class IncidentTracker {
  private IncidentTracker() {}

  /** Advances {@code m} by one reading and returns what to report, or null. */
  static AnomalyStatus step(
      MetricState m, Reading r, WindowObservation o, String idWhere, AnomalyConfig c) {
    if (m.open()) {
      m.incidentWindows++;
      boolean same = r.abnormal && r.kind != null && r.kind.name().equals(m.incidentKind);
      if (o.windowEnd - m.incidentStart > c.dayLength().toMillis() / 4) {
        m.baseline = m.baseline.restart();
        m.share = new ShareBaseline();
        return AnomalyStatus.RESOLVED;
      }
      if (same) {
        m.normalStreak = 0;
        m.incidentLastEnd = o.windowEnd;
        boolean worse = r.severity.ordinal() > severityOrdinal(m.reportedSeverity);
        if (worse) {
          m.reportedScore = r.score;
          m.reportedSeverity = r.severity.name();
          return AnomalyStatus.UPDATED;
        }
        return null;
      }
      m.normalStreak++;
      return m.normalStreak >= c.resolveAfterWindows() ? AnomalyStatus.RESOLVED : null;
    }
    if (r.opens) {
      long start = r.evidenceStart >= 0 ? r.evidenceStart : o.windowStart;
      open(m, r, start, o.windowEnd, o.service, idWhere);
      return AnomalyStatus.OPEN;
    }
    return null;
  }

  static void open(
      MetricState m, Reading r, long start, long lastEnd, String service, String idWhere) {
    m.incidentId = AnomalyIds.of(r.kind, service, idWhere, start);
    m.incidentKind = r.kind.name();
    m.incidentStart = start;
    m.incidentLastEnd = lastEnd;
    m.normalStreak = 0;
    m.incidentWindows = 0;
    m.reportedScore = r.score;
    m.reportedSeverity = r.severity.name();
  }

  private static int severityOrdinal(String name) {
    return name == null ? -1 : dev.sluice.model.Severity.valueOf(name).ordinal();
  }
}
