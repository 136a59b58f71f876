package dev.sluice.cli.alert;

import static dev.sluice.cli.alert.Anomalies.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Severity;
import org.junit.jupiter.api.Test;

class IncidentTransitionsTest {
  private final IncidentTransitions transitions = new IncidentTransitions(100);

  @Test
  void notifiesOpenEscalationAndResolutionOnce() {
    assertThat(transitions.next(record("a", AnomalyStatus.OPEN, Severity.WARNING, 0)).kind())
        .isEqualTo(Transition.Kind.OPEN);
    assertThat(transitions.next(record("a", AnomalyStatus.UPDATED, Severity.WARNING, 1)))
        .as("a bigger score at the same severity is not news")
        .isNull();
    Transition escalated =
        transitions.next(record("a", AnomalyStatus.UPDATED, Severity.CRITICAL, 2));
    assertThat(escalated.kind()).isEqualTo(Transition.Kind.ESCALATED);
    assertThat(escalated.previousSeverity()).isEqualTo(Severity.WARNING);
    assertThat(transitions.next(record("a", AnomalyStatus.UPDATED, Severity.WARNING, 3))).isNull();
    Transition resolved = transitions.next(record("a", AnomalyStatus.RESOLVED, Severity.INFO, 4));
    assertThat(resolved.kind()).isEqualTo(Transition.Kind.RESOLVED);
    assertThat(resolved.severity())
        .as("resolves the alert it raised, at the severity last notified")
        .isEqualTo(Severity.CRITICAL);
    assertThat(transitions.openIncidents()).isZero();
  }

  @Test
  void ignoresResentRecordsAndAReplayedIncident() {
    transitions.next(record("a", AnomalyStatus.OPEN, Severity.WARNING, 0));
    assertThat(transitions.next(record("a", AnomalyStatus.OPEN, Severity.WARNING, 0))).isNull();
    transitions.next(record("a", AnomalyStatus.RESOLVED, Severity.WARNING, 2));
    assertThat(transitions.next(record("a", AnomalyStatus.RESOLVED, Severity.WARNING, 2))).isNull();
    assertThat(transitions.next(record("a", AnomalyStatus.OPEN, Severity.WARNING, 0)))
        .as("the job replayed the incident after a restore")
        .isNull();
  }

  @Test
  void resolvingAnIncidentNeverNotifiedIsNotATransition() {
    assertThat(transitions.next(record("b", AnomalyStatus.RESOLVED, Severity.WARNING, 0))).isNull();
  }

  @Test
  void anUpdateWhoseOpenWasNeverSeenOpensTheIncident() {
    assertThat(transitions.next(record("c", AnomalyStatus.UPDATED, Severity.CRITICAL, 0)).kind())
        .isEqualTo(Transition.Kind.OPEN);
  }

  @Test
  void stateIsBounded() {
    IncidentTransitions small = new IncidentTransitions(2);
    for (int i = 0; i < 5; i++) {
      small.next(record("x" + i, AnomalyStatus.OPEN, Severity.WARNING, i));
    }
    assertThat(small.openIncidents()).isEqualTo(2);
  }

  @Test
  void idempotencyKeysAreStablePerTransitionAndDistinctBetweenThem() {
    Transition open =
        new IncidentTransitions(10).next(record("a", AnomalyStatus.OPEN, Severity.WARNING, 0));
    Transition again =
        new IncidentTransitions(10).next(record("a", AnomalyStatus.OPEN, Severity.WARNING, 0));
    assertThat(open.idempotencyKey()).isEqualTo(again.idempotencyKey()).isEqualTo("a:OPEN");
    assertThat(
            new Transition(
                    Transition.Kind.ESCALATED,
                    record("a", AnomalyStatus.UPDATED, Severity.CRITICAL, 1),
                    Severity.WARNING)
                .idempotencyKey())
        .isEqualTo("a:ESCALATED:CRITICAL");
  }
}
