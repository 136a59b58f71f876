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
            "evidence-threshold=8, silence-min=2m,template-warmup=10m", Duration.ofSeconds(30));
    assertThat(c.window).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.evidenceThreshold).isEqualTo(8);
    assertThat(c.silenceMin).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.templateWarmup).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.spikeRatio).isEqualTo(AnomalyConfig.defaults().spikeRatio);
    assertThat(c.differencesFromDefaults())
        .containsExactly(
            "window=PT30S", "evidence-threshold=8.0", "silence-min=PT2M", "template-warmup=PT10M");
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
              : name.equals("day-length")
                  ? "1d"
                  : name.startsWith("error") || name.endsWith("cap") ? "0.1" : "1";
      b.set(name, value);
    }
  }

  @Test
  void rejectsUnknownNamesAndBadValuesSayingWhatToDo() {
    assertThatThrownBy(() -> AnomalyConfig.parse("min-volume=3", Duration.ofMinutes(1)))
        .hasMessageContaining("unknown anomaly setting 'min-volume'")
        .hasMessageContaining("evidence-threshold");
    assertThatThrownBy(() -> AnomalyConfig.parse("evidence-threshold=high", Duration.ofMinutes(1)))
        .hasMessageContaining("evidence-threshold");
    assertThatThrownBy(() -> AnomalyConfig.parse("drop-ratio=2", Duration.ofMinutes(1)))
        .hasMessageContaining("drop ratio");
    assertThatThrownBy(() -> AnomalyConfig.parse("window-evidence-cap=2", Duration.ofMinutes(1)))
        .hasMessageContaining("window evidence cap");
    assertThatThrownBy(() -> AnomalyConfig.parse("spike-ratio", Duration.ofMinutes(1)))
        .hasMessageContaining("name=value");
  }
}
