package dev.sluice.appenders.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class AppenderSettingsTest {
  private static AppenderSettings.Builder valid() {
    return AppenderSettings.builder().bootstrapServers("kafka:9092").service("checkout");
  }

  @Test
  void saysWhatToSetWhenBootstrapServersAreMissing() {
    assertThatThrownBy(() -> AppenderSettings.builder().service("checkout").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set bootstrapServers");
  }

  @Test
  void saysWhatToSetWhenTheServiceIsMissing() {
    assertThatThrownBy(() -> AppenderSettings.builder().bootstrapServers("k:9092").build())
        .hasMessageContaining("set service");
  }

  @Test
  void refusesPropertiesThatWouldLetLoggingBlockOrWeakenDelivery() {
    assertThatThrownBy(() -> valid().producerProperty("max.block.ms", "60000").build())
        .hasMessageContaining("max.block.ms cannot be set");
    assertThatThrownBy(() -> valid().producerProperty("acks", "0").build())
        .hasMessageContaining("acks cannot be set");
  }

  @Test
  void defaultsToTheLogsTopicAndTheShippersProducerSettings() {
    AppenderSettings settings = valid().producerProperty("security.protocol", "SASL_SSL").build();
    Map<String, Object> config = ProducerConfigs.of(settings, "client");

    assertThat(settings.topic()).isEqualTo("logs");
    assertThat(settings.host()).isNotBlank();
    assertThat(config)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, ProducerConfigs.MAX_BLOCK_MS)
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat((Long) config.get(ProducerConfig.BUFFER_MEMORY_CONFIG))
        .isGreaterThan(settings.bufferBytes());
  }

  @Test
  void hidesPropertyValuesInToString() {
    AppenderSettings settings =
        valid().producerProperty("sasl.jaas.config", "password=\"hunter2\"").build();

    assertThat(settings.toString()).contains("sasl.jaas.config").doesNotContain("hunter2");
  }
}
