package dev.sluice.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ingest.file.ReadFrom;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.model.config.Secrets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShipperConfigYamlTest {
  private static final String FULL =
      String.join(
          "\n",
          "service: checkout",
          "host: web-1",
          "environment: prod",
          "labels: {team: payments}",
          "state-dir: /tmp/sluice-state",
          "read-from: end",
          "gzip: true",
          "max-line-bytes: 65536",
          "close-inactive: 10m",
          "sources:",
          "  - paths: [/var/log/nginx/access.log*]",
          "    service: nginx",
          "    parser: combined",
          "    must-parse: true",
          "  - paths: /var/log/app/*.log",
          "    parser: java",
          "    multiline: {mode: start-pattern, pattern: '^\\d{4}-', flush-timeout: 500ms}",
          "kafka:",
          "  bootstrap-servers: broker:9093",
          "  topic: logs",
          "  compression: lz4",
          "  linger-ms: 50",
          "  properties: {security.protocol: SASL_SSL}",
          "queue: {max-bytes: 8388608}",
          "metrics: {port: 9464, status-interval: 1m}",
          "");

  @Test
  void readsEveryKey() {
    ShipperConfig config = ShipperConfigYaml.parse(FULL, "test.yaml").build();
    assertThat(config.sources()).hasSize(2);
    assertThat(config.sources().get(0).service()).isEqualTo("nginx");
    assertThat(config.sources().get(0).mustParse()).isTrue();
    assertThat(config.sources().get(0).multiline()).as("one-line format").isNull();
    assertThat(config.sources().get(1).service()).isEqualTo("checkout");
    assertThat(config.sources().get(1).multiline().flushTimeout())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(config.sources().get(1).labels()).containsEntry("team", "payments");
    assertThat(config.files().readFrom()).isEqualTo(ReadFrom.END);
    assertThat(config.files().gzip()).isTrue();
    assertThat(config.files().maxLineBytes()).isEqualTo(65536);
    assertThat(config.files().closeInactive()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.kafka().compression()).isEqualTo("lz4");
    assertThat(config.kafka().lingerMs()).isEqualTo(50);
    assertThat(config.kafka().properties()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(config.maxInFlightBytes()).isEqualTo(8 * 1024 * 1024);
    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.statusInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void namesTheUnknownKeyAndTheWrongType() {
    assertThatThrownBy(() -> ShipperConfigYaml.parse("kafka: {lingr-ms: 5}", "a.yaml"))
        .hasMessageContaining("a.yaml: unknown key 'lingr-ms' in kafka");
    assertThatThrownBy(() -> ShipperConfigYaml.parse("gzip: maybe", "a.yaml"))
        .hasMessageContaining("'gzip' must be true or false");
    assertThatThrownBy(() -> ShipperConfigYaml.parse("close-inactive: soon", "a.yaml"))
        .hasMessageContaining("is not a duration");
    assertThatThrownBy(() -> ShipperConfigYaml.parse("read-from: middle", "a.yaml"))
        .hasMessageContaining("'beginning' or 'end'");
  }

  @Test
  void theKnownKeysOfEverySectionComeFromTheSettingsTable() {
    assertThatThrownBy(() -> ShipperConfigYaml.parse("syslog: {tls: {crt: x}}", "a.yaml"))
        .hasMessage("a.yaml: unknown key 'crt' in syslog.tls; known keys: [cert, key]");
    assertThatThrownBy(() -> ShipperConfigYaml.parse("queue: {max: 1}", "a.yaml"))
        .hasMessage("a.yaml: unknown key 'max' in queue; known keys: [max-bytes]");
    for (ShipSetting<?> setting : ShipSettings.ALL) {
      if (setting.type() == ShipSetting.Type.DURATION) {
        String yaml = nested(setting.path(), "soon");
        assertThatThrownBy(() -> ShipperConfigYaml.parse(yaml, "a.yaml"))
            .as(setting.path())
            .hasMessageContaining("a.yaml: " + setting.key() + ": 'soon' is not a duration");
      }
    }
  }

  /** {@code a.b.c: v} as nested YAML flow mappings. */
  private static String nested(String path, String value) {
    String[] keys = path.split("\\.");
    String yaml = value;
    for (int i = keys.length - 1; i >= 0; i--) {
      yaml = "{" + keys[i] + ": " + yaml + "}";
    }
    return yaml;
  }

  @Test
  void refusesSettingsTheGuaranteeRestsOn() {
    assertThatThrownBy(
            () -> new KafkaSettings("b:1", "logs", "rej", "zstd", 5, 1024, Map.of("acks", "1")))
        .hasMessageContaining("acks cannot be overridden");
  }

  @Test
  void resolvesSecretsWithoutShowingThem() {
    Secrets secrets = new Secrets(Map.of("KAFKA_PASSWORD", "s3cr3t")::get);
    assertThat(secrets.resolve("sasl.jaas.config", "password=\"${env:KAFKA_PASSWORD}\";"))
        .isEqualTo("password=\"s3cr3t\";");
    KafkaSettings settings =
        new KafkaSettings(
            "b:1",
            "logs",
            "rej",
            "zstd",
            5,
            1024,
            Map.of("sasl.jaas.config", secrets.resolve("k", "${env:KAFKA_PASSWORD}")));
    assertThat(settings.toString()).doesNotContain("s3cr3t").contains("sasl.jaas.config");
    assertThatThrownBy(() -> secrets.resolve("ssl.key.password", "${file:/nonexistent/secret}"))
        .hasMessage(
            "ssl.key.password refers to file /nonexistent/secret, which cannot be read"
                + " (NoSuchFileException)");
  }
}
