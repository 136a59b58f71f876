package dev.sluice.cli.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ship.UserException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --flink https://…} turns on Flink's REST SSL with the trust store, or says what to set.
 */
class FlinkOptionsTest {
  @TempDir Path dir;

  private FlinkOptions options(String address, Path trustStore, Map<String, String> env) {
    FlinkOptions o = new FlinkOptions();
    o.address = address;
    o.trustStore = trustStore;
    o.env = env;
    return o;
  }

  private Path trustStore(String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    Path file = dir.resolve("flink-truststore.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
    return file;
  }

  @Test
  void httpsEnablesRestSslWithTheTrustStore() throws Exception {
    Path file = trustStore("pw");
    Configuration config =
        options(
                "https://jobmanager:8443",
                file,
                Map.of(FlinkClusterClient.TRUSTSTORE_PASSWORD_ENV, "pw"))
            .configuration();

    assertThat(config.get(SecurityOptions.SSL_REST_ENABLED)).isTrue();
    assertThat(config.get(SecurityOptions.SSL_REST_TRUSTSTORE)).isEqualTo(file.toString());
    assertThat(config.get(SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD)).isEqualTo("pw");
    assertThat(config.get(RestOptions.ADDRESS)).isEqualTo("jobmanager");
    assertThat(config.get(RestOptions.PORT)).isEqualTo(8443);
  }

  @Test
  void httpLeavesRestSslOff() {
    Configuration config = options("http://jobmanager:8081", null, Map.of()).configuration();
    assertThat(config.get(SecurityOptions.SSL_REST_ENABLED)).isFalse();
  }

  @Test
  void httpsWithoutATrustStoreSaysWhatToSet() {
    assertThatThrownBy(() -> options("https://jobmanager:8443", null, Map.of()).connect())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("--flink-truststore")
        .hasMessageContaining(FlinkClusterClient.TRUSTSTORE_PASSWORD_ENV);
  }

  @Test
  void aTrustStoreNeedsItsPasswordAndHttps() throws Exception {
    Path file = trustStore("pw");
    assertThatThrownBy(() -> options("https://jm:8443", file, Map.of()).connect())
        .isInstanceOf(UserException.class)
        .hasMessageContaining(FlinkClusterClient.TRUSTSTORE_PASSWORD_ENV);
    assertThatThrownBy(
            () ->
                options(
                        "http://jm:8081",
                        file,
                        Map.of(FlinkClusterClient.TRUSTSTORE_PASSWORD_ENV, "pw"))
                    .connect())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("only for an https://");
    assertThatThrownBy(
            () -> options("https://jm:8443", dir.resolve("missing.p12"), Map.of()).connect())
        .hasMessageContaining("cannot read");
  }

  @Test
  void flinksRestClientLoadsTheTrustStore() throws Exception {
    Path file = trustStore("pw");
    // Flink's REST client builds its TLS engine from our options when it is created
    options("https://127.0.0.1:1", file, Map.of(FlinkClusterClient.TRUSTSTORE_PASSWORD_ENV, "pw"))
        .connect()
        .close();
    assertThatThrownBy(
            () ->
                options(
                        "https://127.0.0.1:1",
                        file,
                        Map.of(FlinkClusterClient.TRUSTSTORE_PASSWORD_ENV, "wrong"))
                    .connect())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("cannot reach Flink");
  }

  @Test
  void theTrustStorePasswordIsNeverShown() throws Exception {
    FlinkClusterClient.TrustStore store =
        new FlinkClusterClient.TrustStore(trustStore("s3cr3t"), "s3cr3t", "PKCS12");
    assertThat(store.toString()).doesNotContain("s3cr3t");
  }
}
