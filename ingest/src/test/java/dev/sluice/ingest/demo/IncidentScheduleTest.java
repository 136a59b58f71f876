package dev.sluice.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IncidentScheduleTest {
  @Test
  void readsTheTextForm() {
    IncidentSchedule schedule =
        IncidentSchedule.parse(
            "silence:auth:1h:20m # the directory dies\n"
                + "error-burst:payments:2m:90s:0.4; traffic-drop:search/search-3:PT30M:10m, volume-spike:checkout:45s:90s");
    assertThat(schedule.entries())
        .extracting(IncidentSchedule.Entry::kind)
        .containsExactly(
            IncidentKind.TRAFFIC_SPIKE,
            IncidentKind.ERROR_BURST,
            IncidentKind.TRAFFIC_DROP,
            IncidentKind.SILENCE);
    Incident burst = schedule.at(Instant.EPOCH).get(1);
    assertThat(burst.start()).isEqualTo(Instant.EPOCH.plusSeconds(120));
    assertThat(burst.end()).isEqualTo(Instant.EPOCH.plusSeconds(210));
    assertThat(burst.magnitude()).isEqualTo(0.4);
    assertThat(schedule.entries().get(0).length()).isEqualTo(Duration.ofSeconds(90));
    assertThat(schedule.entries().get(2).magnitude())
        .isEqualTo(IncidentKind.TRAFFIC_DROP.defaultMagnitude());
    assertThat(schedule.entries().get(2).host()).isEqualTo("search-3");
    assertThat(schedule.entries().get(2).service()).isEqualTo("search");
    assertThat(schedule.entries().get(1).host()).isNull();
    assertThat(schedule.services())
        .containsExactlyInAnyOrder("auth", "payments", "search", "checkout");
  }

  @Test
  void explainsBadEntries() {
    assertThatThrownBy(() -> IncidentSchedule.parse("meltdown:auth:1m:1m"))
        .hasMessageContaining("unknown incident kind 'meltdown'")
        .hasMessageContaining("error-burst");
    assertThatThrownBy(() -> IncidentSchedule.parse("silence:auth:1m"))
        .hasMessageContaining("kind:service:offset:duration");
    assertThatThrownBy(() -> IncidentSchedule.parse("silence:auth:soon:1m"))
        .hasMessageContaining("incident 'silence:auth:soon:1m': 'soon' is not a duration");
    assertThatThrownBy(() -> IncidentSchedule.parse("silence:auth:1m:0s"))
        .hasMessageContaining("positive duration");
    assertThatThrownBy(() -> IncidentSchedule.parse("error-burst:auth:1m:1m:3"))
        .hasMessageContaining("share");
    assertThatThrownBy(
            () ->
                DemoConfig.builder()
                    .schedule(IncidentSchedule.parse("silence:auth/auth-9:1m:1m"))
                    .build())
        .hasMessageContaining("host 'auth-9'")
        .hasMessageContaining("auth-2");
    assertThatThrownBy(
            () ->
                DemoConfig.builder()
                    .schedule(IncidentSchedule.parse("silence:billing:1m:1m"))
                    .build())
        .hasMessageContaining("'billing'");
  }

  @Test
  void spreadsEveryKindOverEveryServiceWithoutOverlapAfterAWarmUp() {
    List<String> services = DemoServices.names();
    Duration length = Duration.ofMinutes(15);
    IncidentSchedule schedule = IncidentSchedule.spread(1, Duration.ofDays(4), services, 3, length);
    assertThat(schedule.entries()).hasSize(services.size() * IncidentKind.values().length * 3);
    Map<String, List<IncidentSchedule.Entry>> byService =
        schedule.entries().stream().collect(Collectors.groupingBy(IncidentSchedule.Entry::service));
    for (List<IncidentSchedule.Entry> own : byService.values()) {
      own.sort(Comparator.comparing(IncidentSchedule.Entry::offset));
      assertThat(own.get(0).offset()).isGreaterThanOrEqualTo(Duration.ofDays(1));
      for (int i = 1; i < own.size(); i++) {
        Duration gap = own.get(i).offset().minus(own.get(i - 1).offset().plus(length));
        assertThat(gap).isGreaterThanOrEqualTo(length.multipliedBy(2));
      }
      assertThat(own.get(own.size() - 1).offset().plus(length))
          .isLessThanOrEqualTo(Duration.ofDays(4));
    }
    assertThat(IncidentSchedule.spread(1, Duration.ofDays(4), services, 3, length).entries())
        .isEqualTo(schedule.entries());
    assertThatThrownBy(() -> IncidentSchedule.spread(1, Duration.ofHours(1), services, 3, length))
        .hasMessageContaining("lengthen the span");
  }

  @Test
  void givesEveryNewMessageIncidentItsOwnTemplate() {
    assertThat(
            java.util.stream.IntStream.range(0, 3072)
                .mapToObj(k -> NovelTemplates.get(k).text())
                .distinct()
                .count())
        .isEqualTo(3072);
    for (ServiceProfile service : DemoServices.defaults()) {
      for (Template t : service.error()) {
        assertThat(t.text()).doesNotContain("divergence", "corruption", "compaction", "tolerance");
      }
    }
  }
}
