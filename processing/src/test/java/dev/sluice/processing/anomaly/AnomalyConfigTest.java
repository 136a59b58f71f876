package dev.sluice.processing.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link AnomalyConfig#parse}: settings by name, defaults otherwise, clear errors. */
class AnomalyConfigTest {
  @Test
  void parsesSettingsOverTheDefaults() {
    AnomalyConfig c =
        AnomalyConfig.parse(
            "evidence-threshold=8, silence-min=2m,template-warmup=10m", Duration.ofSeconds(30));
    assertThat(c.window()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.evidenceThreshold()).isEqualTo(8);
    assertThat(c.silenceMin()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.templateWarmup()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.spikeRatio()).isEqualTo(AnomalyConfig.defaults().spikeRatio());
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
        .hasMessageContaining("drop-ratio");
    assertThatThrownBy(() -> AnomalyConfig.parse("window-evidence-cap=2", Duration.ofMinutes(1)))
        .hasMessageContaining("window-evidence-cap");
    assertThatThrownBy(() -> AnomalyConfig.parse("spike-ratio", Duration.ofMinutes(1)))
        .hasMessageContaining("name=value");
  }

  @Test
  void defaultsAreTheShippedSettingsAndToStringShowsEveryOne() {
    assertThat(AnomalyConfig.defaults().toString())
        .isEqualTo(
            "AnomalyConfig{window=PT1M, day-length=PT24H, baseline-alpha=0.05, warmup-windows=15,"
                + " evidence-threshold=12.0, sub-series-evidence-threshold=14.0,"
                + " error-evidence-threshold=6.0, window-evidence-cap=0.5, drop-evidence-share=0.83,"
                + " spike-ratio=1.5,"
                + " drop-ratio=0.6, latency-ratio=1.5, min-latency-samples=1, error-min-rise=0.03,"
                + " error-floor=0.002, resolve-after-windows=2, silence-min=PT1M,"
                + " silence-factor=4.0, silence-min-events=100, silence-processing-fallback=PT2M,"
                + " template-warmup=PT2H, template-warmup-loud=50, max-templates=1000, template-similarity=0.5,"
                + " burst-min=5, burst-factor=20.0, rare-rate=0.01, pattern-quiet-after=PT5M,"
                + " max-exemplars=3, max-series-per-service=64, state-ttl=PT48H}");
    assertThat(AnomalyConfig.SETTINGS).hasSize(AnomalyConfig.settings().size() - 1);
    assertThat(AnomalyConfig.defaults().differencesFromDefaults()).isEmpty();
  }

  @Test
  void badValuesNameTheSettingAndTheAcceptedRange() {
    assertThatThrownBy(() -> AnomalyConfig.parse("drop-ratio=2", Duration.ofMinutes(1)))
        .hasMessage(
            "anomaly setting drop-ratio=2.0 is out of range: it must be a number in (0, 1)");
    assertThatThrownBy(() -> AnomalyConfig.parse("max-templates=many", Duration.ofMinutes(1)))
        .hasMessage("anomaly setting max-templates: 'many' is not a whole number >= 10");
    assertThatThrownBy(() -> AnomalyConfig.parse("silence-min=0s", Duration.ofMinutes(1)))
        .hasMessageContaining("silence-min")
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> AnomalyConfig.parse("baseline-alpha=NaN", Duration.ofMinutes(1)))
        .hasMessageContaining("baseline-alpha=NaN is out of range");
    assertThatThrownBy(() -> AnomalyConfig.parse("window=5m", Duration.ofMinutes(1)))
        .hasMessageContaining("unknown anomaly setting 'window'");
    assertThatThrownBy(() -> AnomalyConfig.parse("day-length=1h", Duration.ofMinutes(5)))
        .hasMessageContaining("day-length")
        .hasMessageContaining("24 hours");
    assertThatThrownBy(() -> AnomalyConfig.builder().with("max-templates", Duration.ofHours(1)))
        .hasMessageContaining("max-templates takes a whole number");
  }

  @Test
  void survivesJavaSerialisationAsFlinkShipsIt() throws Exception {
    AnomalyConfig c = AnomalyConfig.parse("burst-min=7,state-ttl=3d", Duration.ofSeconds(30));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(c).hasToString(c.toString());
    }
  }

  @Test
  void toBuilderKeepsEverySetting() {
    AnomalyConfig c = AnomalyConfig.parse("rare-rate=0.2,max-exemplars=0", Duration.ofSeconds(10));
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.toBuilder().set("rare-rate", "0.3").build().rareRate()).isEqualTo(0.3);
  }
}
