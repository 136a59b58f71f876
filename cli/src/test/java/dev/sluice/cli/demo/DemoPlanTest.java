package dev.sluice.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ingest.demo.IncidentSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPlanTest {
  private static final Instant NOW = Instant.parse("2026-11-26T11:23:47.123Z");

  @Test
  void shiftsTheDefaultDemoByTheWarmUp() {
    DemoPlan plan = DemoPlan.defaults();
    List<IncidentSchedule.Entry> original = IncidentSchedule.defaultDemo().entries();
    List<IncidentSchedule.Entry> shifted = plan.schedule().entries();
    assertThat(shifted).hasSameSizeAs(original);
    for (int i = 0; i < original.size(); i++) {
      assertThat(shifted.get(i).kind()).isEqualTo(original.get(i).kind());
      assertThat(shifted.get(i).service()).isEqualTo(original.get(i).service());
      assertThat(shifted.get(i).offset()).isEqualTo(original.get(i).offset().plus(plan.warmUp()));
      assertThat(shifted.get(i).length()).isEqualTo(original.get(i).length());
    }
  }

  @Test
  void fastForwardsToHalfAMinuteBeforeTheFirstIncident() {
    DemoPlan plan = DemoPlan.defaults();
    assertThat(plan.fastForward())
        .isEqualTo(plan.schedule().entries().get(0).offset().minus(DemoPlan.LEAD));
    assertThat(plan.pacedWallTime()).isEqualTo(Duration.ofSeconds(110)); // 5.5 min at 3x
  }

  @Test
  void startsOnAWindowBoundarySoThatNoEventTimeIsAheadOfTheWallClock() {
    DemoPlan plan = DemoPlan.defaults();
    Instant start = plan.start(NOW);
    assertThat(start.toEpochMilli() % DemoPlan.WINDOW.toMillis()).isZero();
    Instant lastEvent = start.plus(plan.total());
    Instant shippedAtTheEarliest = NOW.plus(plan.pacedWallTime());
    assertThat(lastEvent).isBeforeOrEqualTo(shippedAtTheEarliest);
    assertThat(Duration.between(lastEvent, shippedAtTheEarliest))
        .isLessThanOrEqualTo(DemoPlan.WINDOW);
  }

  @Test
  void progressRunsFromStartToEnd() {
    DemoPlan plan = DemoPlan.defaults();
    Instant start = plan.start(NOW);
    assertThat(plan.progress(start, -1)).isZero();
    assertThat(plan.progress(start, start.toEpochMilli())).isZero();
    assertThat(plan.progress(start, start.plus(plan.total()).toEpochMilli())).isEqualTo(1);
  }

  @Test
  void rejectsSettingsThatCannotWork() {
    assertThatThrownBy(() -> new DemoPlan(1, Duration.ofMinutes(2), Duration.ofMinutes(7), 3, 2))
        .hasMessageContaining("--warm-up");
    assertThatThrownBy(() -> new DemoPlan(1, Duration.ofMinutes(10), Duration.ofMinutes(1), 3, 2))
        .hasMessageContaining("--duration");
    assertThatThrownBy(() -> new DemoPlan(1, Duration.ofMinutes(10), Duration.ofMinutes(7), 0, 2))
        .hasMessageContaining("--speed");
    assertThatThrownBy(() -> new DemoPlan(1, Duration.ofMinutes(10), Duration.ofMinutes(7), 3, -1))
        .hasMessageContaining("--rate-scale");
  }
}
