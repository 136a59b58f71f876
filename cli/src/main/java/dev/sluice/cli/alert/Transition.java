package dev.sluice.cli.alert;

import dev.sluice.model.Anomaly;
import dev.sluice.model.Severity;

/**
 * One change of an incident that people are told about: it opened, its severity rose, or it
 * resolved. {@code previousSeverity} is the severity last notified (null when it opens).
 *
 * <p>Guarantees: {@link #idempotencyKey()} is the same for the same transition of the same
 * incident, however often it is delivered (after a restart, or a resent topic record), and differs
 * between transitions.
 */
public record Transition(Kind kind, Anomaly anomaly, Severity previousSeverity) {

  /** What happened to the incident. */
  public enum Kind {
    OPEN,
    ESCALATED,
    RESOLVED
  }

  /** The incident's id (stable for the whole incident). */
  public String incidentId() {
    return anomaly.getId();
  }

  /** The severity to notify with now. */
  public Severity severity() {
    return kind == Kind.RESOLVED && previousSeverity != null
        ? previousSeverity
        : anomaly.getSeverity();
  }

  /** {@code <incident id>:<kind>[:<severity>]}, the same on every redelivery. */
  public String idempotencyKey() {
    return switch (kind) {
      case OPEN, RESOLVED -> incidentId() + ":" + kind;
      case ESCALATED -> incidentId() + ":" + kind + ":" + anomaly.getSeverity();
    };
  }
}
