package dev.sluice.ingest.syslog;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's {@code keytool}, written as the PEM
 * files the syslog listener takes, and a client socket factory that trusts exactly it.
 */
final class TestCertificates {
  private static final char[] PASSWORD = "test-only".toCharArray();

  final Path cert;
  final Path key;
  private final KeyStore store;

  private TestCertificates(Path cert, Path key, KeyStore store) {
    this.cert = cert;
    this.key = key;
    this.store = store;
  }

  static TestCertificates create(Path dir) throws Exception {
    Path p12 = dir.resolve("server.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool,
                    "-genkeypair",
                    "-alias",
                    "syslog",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=ip:127.0.0.1,dns:localhost",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    p12.toString(),
                    "-storepass",
                    new String(PASSWORD),
                    "-keypass",
                    new String(PASSWORD)))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, PASSWORD);
    }
    Certificate certificate = store.getCertificate("syslog");
    Key privateKey = store.getKey("syslog", PASSWORD);
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("syslog", certificate);
    return new TestCertificates(cert, key, trust);
  }

  SSLSocketFactory clientFactory() throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context.getSocketFactory();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
