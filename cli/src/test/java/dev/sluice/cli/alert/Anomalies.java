package dev.sluice.cli.alert;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Exemplar;
import dev.sluice.model.Severity;
import java.time.Instant;
import java.util.List;

/** Anomaly records for tests: one incident's OPEN, UPDATED and RESOLVED versions. */
final class Anomalies {
  static final Instant START = Instant.parse("2026-12-03T12:00:00Z");

  private Anomalies() {}

  static Anomaly record(String id, AnomalyStatus status, Severity severity, int minute) {
    Instant windowStart = START.plusSeconds(60L * minute);
    return Anomaly.newBuilder()
        .setId(id)
        .setKind(AnomalyKind.ERROR_RATE_RISE)
        .setStatus(status)
        .setService("payments")
        .setWindowStart(windowStart)
        .setWindowEnd(windowStart.plusSeconds(60))
        .setDetectedAt(windowStart.plusSeconds(60))
        .setObserved(0.3)
        .setExpected(0.01)
        .setLowerBound(0)
        .setUpperBound(0.05)
        .setScore(9.5)
        .setSeverity(severity)
        .setDescription("error rate rise on payments: 30% where 1% is usual")
        .setExemplars(
            List.of(
                Exemplar.newBuilder()
                    .setEventId("ev-1")
                    .setEventTime(windowStart.plusSeconds(5))
                    .setMessage("payment declined: gateway timeout")
                    .build()))
        .build();
  }
}
