package dev.sluice.processing.bench.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ingest.demo.Incident;
import dev.sluice.ingest.demo.IncidentKind;
import dev.sluice.model.AnomalyKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Ladder}'s schedule and {@link LadderScore}'s matching. */
class LadderTest {
  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  private static final long MINUTE = 60_000;

  @Test
  void everyRungOfEveryKindOnceOnEachServiceAfterTheQuietDayNotOnWindowBoundaries() {
    List<Incident> incidents =
        Ladder.schedule(7, List.of("a", "b"), Duration.ofDays(1), 2, Duration.ofMinutes(10))
            .at(START);
    assertThat(incidents).hasSize(2 * Ladder.KINDS.size() * Ladder.RUNGS);
    for (String service : List.of("a", "b")) {
      for (IncidentKind kind : Ladder.KINDS) {
        for (int rung = 1; rung <= Ladder.RUNGS; rung++) {
          double m = Ladder.magnitude(kind, rung);
          assertThat(incidents)
              .filteredOn(i -> i.service().equals(service) && i.kind() == kind)
              .filteredOn(i -> i.magnitude() == m)
              .hasSize(1);
        }
      }
      List<Incident> own = incidents.stream().filter(i -> i.service().equals(service)).toList();
      for (Incident i : own) {
        assertThat(i.start()).isAfterOrEqualTo(START.plus(Duration.ofDays(1)));
        assertThat(own)
            .filteredOn(j -> j != i)
            .allSatisfy(
                j ->
                    assertThat(j.end().isBefore(i.start()) || j.start().isAfter(i.end())).isTrue());
      }
    }
    assertThat(incidents)
        .anySatisfy(i -> assertThat(i.start().toEpochMilli() % MINUTE).isNotZero());
    assertThatThrownBy(
            () -> Ladder.schedule(7, List.of("a"), Duration.ofDays(1), 1.2, Duration.ofMinutes(10)))
        .hasMessageContaining("slots");
  }

  @Test
  void aDetectionDuringTheIncidentMatchesAndOneOutsideIsAFalseAlarm() {
    Instant s = START.plus(Duration.ofDays(1));
    Incident spike =
        new Incident(
            IncidentKind.TRAFFIC_SPIKE,
            "a",
            s,
            s.plus(Duration.ofMinutes(10)),
            Ladder.magnitude(IncidentKind.TRAFFIC_SPIKE, 3));
    long t = s.toEpochMilli();
    LadderScore score = new LadderScore(MINUTE);
    score.add(
        List.of(spike),
        List.of(
            new DetectReplay.Detection(AnomalyKind.VOLUME_SPIKE, "a", "", t, t + 2 * MINUTE),
            new DetectReplay.Detection(AnomalyKind.VOLUME_SPIKE, "a", "h:a-1", t, t + 3 * MINUTE),
            new DetectReplay.Detection(
                AnomalyKind.VOLUME_SPIKE, "a", "", t + 60 * MINUTE, t + 62 * MINUTE),
            new DetectReplay.Detection(AnomalyKind.ERROR_RATE_RISE, "a", "", t, t + 2 * MINUTE)),
        2);
    assertThat(score.recall("a", IncidentKind.TRAFFIC_SPIKE, 3)).isEqualTo(1);
    assertThat(score.medianDelay("a", IncidentKind.TRAFFIC_SPIKE, 3, 3)).isEqualTo(2);
    assertThat(score.precision("a", AnomalyKind.VOLUME_SPIKE)).isEqualTo(2.0 / 3);
    assertThat(score.falseAlarms()).hasSize(2);
    assertThat(score.falseAlarmsPerServiceDay(List.of("a"))).isEqualTo(1.0);
  }
}
