package dev.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.ingest.ship.ShipperConfigYaml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSourceConfigTest {
  private static final String SECRET = "very-secret-value";

  private static HttpSourceConfig build(HttpSourceConfig.Builder b) {
    return b.environment(name -> name.equals("TOKEN") ? SECRET : null).build("svc", Map.of());
  }

  @Test
  void parsesHostAndPortForms() {
    assertThat(build(HttpSourceConfig.builder().listen("8080")).port()).isEqualTo(8080);
    HttpSourceConfig local = build(HttpSourceConfig.builder().listen("127.0.0.1:9000"));
    assertThat(local.bindHost()).isEqualTo("127.0.0.1");
    assertThat(local.port()).isEqualTo(9000);
    assertThat(build(HttpSourceConfig.builder().listen("[::1]:0")).bindHost()).isEqualTo("::1");
    assertThat(build(HttpSourceConfig.builder().listen(":81")).bindHost()).isEqualTo("0.0.0.0");
    assertThatThrownBy(() -> build(HttpSourceConfig.builder().listen("localhost:http")))
        .hasMessageContaining("[HOST:]PORT");
  }

  @Test
  void resolvesTheTokenFromItsReferenceAndNeverShowsIt() {
    HttpSourceConfig config = build(HttpSourceConfig.builder().listen("0").token("${env:TOKEN}"));
    assertThat(config.authenticated()).isTrue();
    assertThat(config.token()).isEqualTo(SECRET);
    assertThat(config.toString()).doesNotContain(SECRET).contains("token=(hidden)");
  }

  @Test
  void wrongSettingsFailWithWhatToFixAndWithoutTheSecret() {
    assertThatThrownBy(() -> build(HttpSourceConfig.builder().listen("0").token("${env:UNSET}")))
        .hasMessageContaining("--http-token")
        .hasMessageContaining("environment variable UNSET");
    assertThatThrownBy(
            () ->
                build(
                    HttpSourceConfig.builder()
                        .listen("0")
                        .token("${file:/nonexistent/" + SECRET + "}")))
        .hasMessageContaining("cannot be read");
    assertThatThrownBy(() -> build(HttpSourceConfig.builder().token("${env:TOKEN}")))
        .hasMessage("HTTP options given without an address: set --http [HOST:]PORT (http.listen)");
    assertThatThrownBy(
            () -> build(HttpSourceConfig.builder().listen("0").tlsCert(Path.of("/etc/hosts"))))
        .hasMessageContaining("both --http-tls-cert and --http-tls-key");
    assertThatThrownBy(() -> build(HttpSourceConfig.builder().listen("0").maxBodyBytes(10)))
        .hasMessageContaining("--http-max-body-bytes");
    assertThatThrownBy(() -> HttpSourceConfig.builder().listen("0").build(null, Map.of()))
        .hasMessageContaining("set --service");
  }

  @Test
  void readsTheHttpSectionOfTheYamlFile() {
    ShipperConfig.Builder b =
        ShipperConfigYaml.parse(
            String.join(
                "\n",
                "service: api",
                "state-dir: /tmp/sluice-http-test",
                "kafka: {bootstrap-servers: 'k:9092'}",
                "http:",
                "  listen: 127.0.0.1:4318",
                "  max-body-bytes: 1048576",
                "  ack-timeout: 3s",
                "  labels: {ingress: otlp}"),
            "test.yaml");
    ShipperConfig config = b.build();
    assertThat(config.sources()).as("HTTP alone is something to ship").isEmpty();
    HttpSourceConfig http = config.http();
    assertThat(http.port()).isEqualTo(4318);
    assertThat(http.maxBodyBytes()).isEqualTo(1048576);
    assertThat(http.ackTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(http.service()).isEqualTo("api");
    assertThat(http.labels()).containsEntry("ingress", "otlp");
    assertThatThrownBy(() -> ShipperConfigYaml.parse("http: {port: 1}", "bad.yaml"))
        .hasMessageContaining("unknown key 'port' in http");
  }
}
