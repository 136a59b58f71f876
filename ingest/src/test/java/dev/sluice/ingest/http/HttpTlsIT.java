package dev.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.local.junit.KafkaExtension;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a PEM certificate and PKCS#8 key (made by openssl, skipped where there is none). */
class HttpTlsIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  @TempDir Path dir;

  @Test
  void servesHttpsWithAPemCertificateAndKey() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl;
    try {
      openssl =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "1",
                  "-subj",
                  "/CN=localhost",
                  "-addext",
                  "subjectAltName=DNS:localhost",
                  "-keyout",
                  key.toString(),
                  "-out",
                  cert.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (java.io.IOException e) {
      Assumptions.abort("no openssl to make a test certificate: " + e.getMessage());
      return;
    }
    assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(openssl.exitValue()).isZero();

    String topic = KAFKA.newTopic(1);
    ShipperConfig.Builder b =
        ShipperConfig.builder()
            .bootstrapServers(KAFKA.bootstrapServers())
            .topic(topic)
            .rejectsTopic(topic)
            .stateDir(dir.resolve("state"))
            .service("tls")
            .statusInterval(Duration.ZERO);
    b.http().listen("127.0.0.1:0").tlsCert(cert).tlsKey(key);
    try (RunningHttpSource http = new RunningHttpSource(b.build()).awaitReady()) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .sslContext(trusting(cert))
              .build();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("https://localhost:" + http.source.port() + "/logs"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"message\":\"over tls\"}\n", StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      try (KafkaEvents kafka = new KafkaEvents(KAFKA.bootstrapServers(), topic)) {
        kafka.awaitMessage("over tls");
      }
      assertThatThrownBy(() -> http.post("/logs", "{}".getBytes(), Map.of()))
          .as("plain HTTP is not served on the TLS port")
          .isInstanceOf(java.io.IOException.class);
    }
  }

  private static SSLContext trusting(Path cert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "sluice-test", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }
}
