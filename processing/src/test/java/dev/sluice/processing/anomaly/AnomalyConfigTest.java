package dev.sluice.processing.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link AnomalyConfig#parse}: settings by name, defaults otherwise, clear errors. */
class AnomalyConfigTest {
  @Test
  void parsesSettingsOverTheDefaults() {
    AnomalyConfig c =
        AnomalyConfig.parse(
            "min-volume=50, silence-min=2m,template-warmup=10m", Duration.ofSeconds(30));
    assertThat(c.window).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.minVolume).isEqualTo(50);
    assertThat(c.silenceMin).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.templateWarmup).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.zOpen).isEqualTo(AnomalyConfig.defaults().zOpen);
  }

  @Test
  void everyListedSettingIsAccepted() {
    for (String name : AnomalyConfig.SETTINGS) {
      AnomalyConfig.Builder b = AnomalyConfig.builder();
      String value =
          name.endsWith("ttl")
                  || name.startsWith("silence-min") && !name.endsWith("events")
                  || name.endsWith("fallback")
                  || name.endsWith("warmup")
                  || name.endsWith("after")
              ? "1h"
              : name.equals("day-length") ? "1d" : "1";
      b.set(name, value);
    }
  }

  @Test
  void rejectsUnknownNamesAndBadValuesSayingWhatToDo() {
    assertThatThrownBy(() -> AnomalyConfig.parse("min-volumes=3", Duration.ofMinutes(1)))
        .hasMessageContaining("unknown anomaly setting 'min-volumes'")
        .hasMessageContaining("min-volume");
    assertThatThrownBy(() -> AnomalyConfig.parse("z-open=high", Duration.ofMinutes(1)))
        .hasMessageContaining("z-open");
    assertThatThrownBy(() -> AnomalyConfig.parse("drop-ratio=2", Duration.ofMinutes(1)))
        .hasMessageContaining("drop ratio");
    assertThatThrownBy(() -> AnomalyConfig.parse("min-volume", Duration.ofMinutes(1)))
        .hasMessageContaining("name=value");
  }
}
