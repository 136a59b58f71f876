package dev.sluice.ingest.demo;

import java.time.Instant;
import java.util.Objects;

/**
 * One scheduled incident: {@code kind} on {@code service} (on one of its hosts if {@code host} is
 * set, else on all) from {@code start} (inclusive) to {@code end} (exclusive), in simulated time.
 *
 * @param host null for the whole service, else the host ({@code checkout-2}) the incident hits
 * @param magnitude what it means depends on the kind, see {@link IncidentKind}
 */
public record Incident(
    IncidentKind kind, String service, String host, Instant start, Instant end, double magnitude) {

  /**
   * @throws IllegalArgumentException if the window is empty or the magnitude makes no sense
   */
  public Incident {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "incident " + kind.slug() + " on " + service + " must end after it starts");
    }
    if (Double.isNaN(magnitude) || magnitude < 0) {
      throw new IllegalArgumentException(
          "incident "
              + kind.slug()
              + " on "
              + service
              + ": magnitude must be >= 0, got "
              + magnitude);
    }
    if (kind == IncidentKind.ERROR_BURST && magnitude > 1) {
      throw new IllegalArgumentException(
          "error-burst magnitude is the share of failing requests (0..1), got " + magnitude);
    }
  }

  /** An incident on the whole service. */
  public Incident(IncidentKind kind, String service, Instant start, Instant end, double magnitude) {
    this(kind, service, null, start, end, magnitude);
  }

  /** An incident on the whole service with the kind's default magnitude. */
  public static Incident of(IncidentKind kind, String service, Instant start, Instant end) {
    return new Incident(kind, service, null, start, end, kind.defaultMagnitude());
  }

  /** Whether the incident hits {@code hostName} (a host of its service). */
  public boolean hits(String hostName) {
    return host == null || host.equals(hostName);
  }

  /** Whether {@code timeMillis} falls inside the incident. */
  public boolean covers(long timeMillis) {
    return timeMillis >= start.toEpochMilli() && timeMillis < end.toEpochMilli();
  }
}
