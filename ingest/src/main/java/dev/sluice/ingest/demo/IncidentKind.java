package dev.sluice.ingest.demo;

import dev.sluice.model.AnomalyKind;
import java.util.Locale;

/**
 * The incidents the demo generator can inject, each with the anomaly kind a detector should report
 * for it and what its magnitude means.
 */
public enum IncidentKind {
  /** A share ({@code magnitude}, default 0.25) of requests fail with 5xx and log an ERROR. */
  ERROR_BURST(AnomalyKind.ERROR_RATE_RISE, 0.25),
  /** Every request takes {@code magnitude} (default 4) times as long. */
  LATENCY_RISE(AnomalyKind.LATENCY_RISE, 4.0),
  /** Request volume is multiplied by {@code magnitude} (default 4). */
  TRAFFIC_SPIKE(AnomalyKind.VOLUME_SPIKE, 4.0),
  /** Request volume is multiplied by {@code magnitude} (default 0.15); health checks go on. */
  TRAFFIC_DROP(AnomalyKind.VOLUME_DROP, 0.15),
  /** The service writes nothing at all, health checks included. Magnitude unused. */
  SILENCE(AnomalyKind.SILENCE, 0.0),
  /**
   * An ERROR message from a template the service never wrote before (and the generator never uses
   * elsewhere), {@code magnitude} times a minute (default 3), evenly spaced from the first second
   * of the incident on; few enough to leave the service's error rate about where it was.
   */
  NEW_ERROR_MESSAGE(AnomalyKind.NEW_PATTERN, 3.0);

  private final AnomalyKind anomalyKind;
  private final double defaultMagnitude;

  IncidentKind(AnomalyKind anomalyKind, double defaultMagnitude) {
    this.anomalyKind = anomalyKind;
    this.defaultMagnitude = defaultMagnitude;
  }

  /** The kind of anomaly a detector should report for this incident. */
  public AnomalyKind anomalyKind() {
    return anomalyKind;
  }

  public double defaultMagnitude() {
    return defaultMagnitude;
  }

  /** The name used in schedules and the ground truth: {@code error-burst}, {@code silence} … */
  public String slug() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The kind named {@code name}: its slug, its constant name, or the anomaly kind it produces
   * ({@code volume-spike} is {@code traffic-spike}).
   *
   * @throws IllegalArgumentException listing the known names
   */
  public static IncidentKind of(String name) {
    String key = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (IncidentKind kind : values()) {
      if (kind.name().equals(key) || kind.anomalyKind.name().equals(key)) {
        return kind;
      }
    }
    StringBuilder known = new StringBuilder();
    for (IncidentKind kind : values()) {
      known.append(known.length() == 0 ? "" : ", ").append(kind.slug());
    }
    throw new IllegalArgumentException("unknown incident kind '" + name + "': use one of " + known);
  }
}
