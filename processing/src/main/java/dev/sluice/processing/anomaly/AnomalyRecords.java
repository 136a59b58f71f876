package dev.sluice.processing.anomaly;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Exemplar;
import dev.sluice.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link Anomaly} records so every detector fills every field the same way. */
final class AnomalyRecords {
  private AnomalyRecords() {}

  static Anomaly of(
      String id,
      AnomalyKind kind,
      AnomalyStatus status,
      String service,
      String host,
      String endpoint,
      long windowStart,
      long windowEnd,
      long detectedAt,
      Reading r,
      List<Exemplar> exemplars) {
    return Anomaly.newBuilder()
        .setId(id)
        .setKind(kind)
        .setStatus(status)
        .setService(service)
        .setHost(host)
        .setEndpoint(endpoint)
        .setTemplateId(null)
        .setTemplateText(null)
        .setWindowStart(Instant.ofEpochMilli(windowStart))
        .setWindowEnd(Instant.ofEpochMilli(windowEnd))
        .setDetectedAt(Instant.ofEpochMilli(detectedAt))
        .setObserved(finite(r.observed))
        .setExpected(finite(r.expected))
        .setLowerBound(finite(r.lower))
        .setUpperBound(finite(r.upper))
        .setScore(finite(r.score))
        .setSeverity(r.severity == null ? Severity.WARNING : r.severity)
        .setDescription(describe(kind, status, service, host, endpoint, r.description))
        .setExemplars(new ArrayList<>(exemplars))
        .build();
  }

  static String describe(
      AnomalyKind kind,
      AnomalyStatus status,
      String service,
      String host,
      String endpoint,
      String detail) {
    StringBuilder s = new StringBuilder();
    s.append(kind.name().toLowerCase().replace('_', ' ')).append(" on ").append(service);
    if (host != null) {
      s.append(" host ").append(host);
    }
    if (endpoint != null) {
      s.append(" endpoint ").append(endpoint);
    }
    if (status == AnomalyStatus.RESOLVED) {
      s.append(", resolved");
    }
    if (detail != null) {
      s.append(": ").append(detail);
    }
    return s.toString();
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
