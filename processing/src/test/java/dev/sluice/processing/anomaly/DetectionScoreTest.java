package dev.sluice.processing.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DetectionScore}: matching, precision, recall, delays, false alarms. */
class DetectionScoreTest {
  private static final long MIN = 60_000;

  private static Anomaly open(
      String id, AnomalyKind kind, String service, long start, long detected) {
    return Anomaly.newBuilder()
        .setId(id)
        .setKind(kind)
        .setStatus(AnomalyStatus.OPEN)
        .setService(service)
        .setWindowStart(Instant.ofEpochMilli(start))
        .setWindowEnd(Instant.ofEpochMilli(start + MIN))
        .setDetectedAt(Instant.ofEpochMilli(detected))
        .setObserved(1)
        .setExpected(0)
        .setLowerBound(0)
        .setUpperBound(0)
        .setScore(1)
        .setSeverity(Severity.WARNING)
        .setDescription("test")
        .build();
  }

  @Test
  void scoresMatchesDelaysDuplicatesAndFalseAlarms() {
    List<DetectionScore.Truth> truth =
        List.of(
            new DetectionScore.Truth(AnomalyKind.VOLUME_SPIKE, "a", 10 * MIN, 20 * MIN),
            new DetectionScore.Truth(AnomalyKind.VOLUME_SPIKE, "b", 10 * MIN, 20 * MIN),
            new DetectionScore.Truth(AnomalyKind.SILENCE, "a", 100 * MIN, 110 * MIN));
    Anomaly spike = open("1", AnomalyKind.VOLUME_SPIKE, "a", 10 * MIN, 11 * MIN);
    Anomaly resolved = Anomaly.newBuilder(spike).setStatus(AnomalyStatus.RESOLVED).build();
    List<Anomaly> records =
        List.of(
            spike,
            open("2", AnomalyKind.VOLUME_SPIKE, "a", 11 * MIN, 12 * MIN), // duplicate
            resolved,
            open("3", AnomalyKind.VOLUME_SPIKE, "b", 50 * MIN, 51 * MIN), // too late: false
            open("4", AnomalyKind.SILENCE, "a", 100 * MIN, 102 * MIN));
    DetectionScore score = DetectionScore.of(truth, records, MIN);

    DetectionScore.Row spikes = score.rows().get(0);
    assertThat(spikes.kind()).isEqualTo(AnomalyKind.VOLUME_SPIKE);
    assertThat(spikes.incidents()).isEqualTo(2);
    assertThat(spikes.detected()).isEqualTo(1);
    assertThat(spikes.anomalies()).isEqualTo(3);
    assertThat(spikes.duplicates()).isEqualTo(1);
    assertThat(spikes.precision()).isEqualTo(2.0 / 3);
    assertThat(spikes.recall()).isEqualTo(0.5);
    assertThat(spikes.medianDelay()).isEqualTo(MIN);
    DetectionScore.Row silence = score.rows().get(1);
    assertThat(silence.f1()).isEqualTo(1.0);
    assertThat(silence.worstDelay()).isEqualTo(2 * MIN);
    assertThat(score.falseAlarms()).extracting(Anomaly::getId).containsExactly("3");
    assertThat(score.table(2, 1.0)).contains("0.50 per service per day");
  }

  @Test
  void anomaliesOfAKindTheIncidentImpliesAreListedApartNotAsFalseAlarms() {
    List<DetectionScore.Truth> truth =
        List.of(new DetectionScore.Truth(AnomalyKind.ERROR_RATE_RISE, "pay", 10 * MIN, 15 * MIN));
    List<Anomaly> records =
        List.of(
            open("1", AnomalyKind.ERROR_RATE_RISE, "pay", 10 * MIN, 11 * MIN),
            open("2", AnomalyKind.NEW_PATTERN, "pay", 10 * MIN, 10 * MIN), // the burst's messages
            open("3", AnomalyKind.NEW_PATTERN, "pay", 30 * MIN, 30 * MIN), // after it: false
            open("4", AnomalyKind.NEW_PATTERN, "web", 10 * MIN, 10 * MIN), // other service
            open("5", AnomalyKind.VOLUME_SPIKE, "pay", 10 * MIN, 10 * MIN)); // not implied
    DetectionScore score = DetectionScore.of(truth, records, MIN);

    assertThat(score.explained()).extracting(Anomaly::getId).containsExactly("2");
    assertThat(score.falseAlarms()).extracting(Anomaly::getId).containsExactly("3", "4", "5");
    DetectionScore.Row patterns =
        score.rows().stream().filter(r -> r.kind() == AnomalyKind.NEW_PATTERN).findFirst().get();
    assertThat(patterns.anomalies()).as("the implied one is left out of precision").isEqualTo(2);
    assertThat(DetectionScore.implied(AnomalyKind.SILENCE))
        .containsExactly(AnomalyKind.VOLUME_DROP);
  }

  @Test
  void anAnomalyWhoseEvidenceBeganBeforeTheIncidentMatchesItWhenItOpensDuringIt() {
    DetectionScore.Truth drop =
        new DetectionScore.Truth(AnomalyKind.VOLUME_DROP, "inventory", 10 * MIN, 15 * MIN);
    // the demo's case: evidence from a window before the drop, opened two windows into it
    Anomaly during = open("1", AnomalyKind.VOLUME_DROP, "inventory", 8 * MIN, 12 * MIN);
    Anomaly before = open("2", AnomalyKind.VOLUME_DROP, "inventory", 3 * MIN, 8 * MIN);
    Anomaly after = open("3", AnomalyKind.VOLUME_DROP, "inventory", 17 * MIN, 17 * MIN);
    Anomaly edge = open("4", AnomalyKind.VOLUME_DROP, "inventory", 5 * MIN, 9 * MIN);

    assertThat(DetectionScore.matches(drop, during, MIN)).isTrue();
    assertThat(DetectionScore.matches(drop, edge, MIN)).as("opened one window before").isTrue();
    assertThat(DetectionScore.matches(drop, before, MIN)).as("opened before it").isFalse();
    assertThat(DetectionScore.matches(drop, after, MIN)).as("began after it").isFalse();
  }
}
