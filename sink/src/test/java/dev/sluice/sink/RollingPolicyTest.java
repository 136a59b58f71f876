package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RollingPolicyTest {
  private final RollingPolicy policy =
      RollingPolicy.builder()
          .maxFileSize(10_000)
          .maxAge(Duration.ofMinutes(10))
          .inactivity(Duration.ofMinutes(2))
          .build();
  private final Instant opened = Instant.parse("2026-11-26T08:00:00Z");

  private Instant at(Duration afterOpen) {
    return Clock.offset(Clock.fixed(opened, ZoneOffset.UTC), afterOpen).instant();
  }

  @Test
  void rollsFileWhenSizeLimitReached() {
    assertThat(policy.shouldRoll(9_999, opened, opened, opened)).isFalse();
    assertThat(policy.shouldRoll(10_000, opened, opened, opened)).isTrue();
  }

  @Test
  void rollsFileWhenOpenTooLong() {
    Instant now = at(Duration.ofMinutes(10).minusMillis(1));
    assertThat(policy.shouldRoll(1, opened, now, now)).isFalse();
    Instant later = at(Duration.ofMinutes(10));
    assertThat(policy.shouldRoll(1, opened, later, later)).isTrue();
  }

  @Test
  void rollsFileWhenInactive() {
    Instant lastWrite = at(Duration.ofMinutes(3));
    assertThat(policy.shouldRoll(1, opened, lastWrite, at(Duration.ofMinutes(4)))).isFalse();
    assertThat(policy.shouldRoll(1, opened, lastWrite, at(Duration.ofMinutes(5)))).isTrue();
  }

  @Test
  void keepsFileOpenAcrossCheckpointsWhileNothingIsDue() {
    for (int second = 0; second < 100; second++) {
      Instant now = at(Duration.ofSeconds(second));
      assertThat(policy.shouldRoll(100L * second, opened, now, now)).isFalse();
    }
  }

  @Test
  void rejectsNonsenseWithTheSettingName() {
    assertThatThrownBy(() -> RollingPolicy.builder().maxFileSize(10).build())
        .hasMessageContaining("maxFileSize");
    assertThatThrownBy(() -> RollingPolicy.builder().maxAge(Duration.ZERO).build())
        .hasMessageContaining("maxAge");
    assertThatThrownBy(() -> RollingPolicy.builder().inactivity(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("inactivity");
  }
}
