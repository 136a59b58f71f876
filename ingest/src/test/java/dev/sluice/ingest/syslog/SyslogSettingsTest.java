package dev.sluice.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.ingest.ship.ShipperConfigYaml;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogSettingsTest {
  @TempDir Path dir;

  @Test
  void readsPortsWithAndWithoutHost() {
    SyslogSettings s = SyslogSettings.builder().tcp("6514").udp("127.0.0.1:0").build();
    assertThat(s.tcp().getPort()).isEqualTo(6514);
    assertThat(s.tcp().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(s.udp().getHostString()).isEqualTo("127.0.0.1");
    assertThat(s.maxFrameBytes()).isEqualTo(SyslogSettings.DEFAULT_MAX_FRAME_BYTES);
    assertThat(s.tls()).isFalse();
  }

  @Test
  void aBadPortSaysWhatAPortLooksLike() {
    assertThatThrownBy(() -> SyslogSettings.builder().tcp("65536").build())
        .hasMessage(
            "--syslog-tcp (syslog.tcp) '65536': the port must be a number from 0 to 65535,"
                + " as in 6514 or 127.0.0.1:6514");
    assertThatThrownBy(() -> SyslogSettings.builder().udp("localhost:syslog").build())
        .hasMessageStartingWith("--syslog-udp (syslog.udp) 'localhost:syslog': the port must be");
  }

  @Test
  void aCertificateWithoutAKeyAsksForTheKey() throws IOException {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    assertThatThrownBy(() -> SyslogSettings.builder().tcp("0").tlsCert(cert.toString()).build())
        .hasMessage(
            "--syslog-tls-cert (syslog.tls.cert) needs --syslog-tls-key (syslog.tls.key),"
                + " the PEM private key (PKCS#8)");
  }

  @Test
  void tlsNeedsTheTcpListener() throws IOException {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    assertThatThrownBy(
            () ->
                SyslogSettings.builder()
                    .udp("0")
                    .tlsCert(cert.toString())
                    .tlsKey(cert.toString())
                    .build())
        .hasMessageContaining("set --syslog-tcp");
  }

  @Test
  void missingOrUnreadableFilesAreNamed() throws IOException {
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    Path key = Files.writeString(dir.resolve("k.pem"), "x");
    assertThatThrownBy(
            () ->
                SyslogSettings.builder()
                    .tcp("0")
                    .tlsCert(cert.toString())
                    .tlsKey(dir.resolve("nope.pem").toString())
                    .build())
        .hasMessage(
            "--syslog-tls-key (syslog.tls.key) " + dir.resolve("nope.pem") + ": no such file");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
    if (!Files.isReadable(key)) { // root reads everything
      assertThatThrownBy(
              () ->
                  SyslogSettings.builder()
                      .tcp("0")
                      .tlsCert(cert.toString())
                      .tlsKey(key.toString())
                      .build())
          .hasMessageContaining("not readable by this user");
    }
  }

  @Test
  void anUnusableCertificateFailsAtStartWithoutShowingTheKey() throws IOException {
    Path cert = Files.writeString(dir.resolve("c.pem"), "not a certificate");
    Path key = Files.writeString(dir.resolve("k.pem"), "SECRET-KEY-MATERIAL");
    ShipperConfig config =
        withSyslog(s -> s.tcp("127.0.0.1:0").tlsCert(cert.toString()).tlsKey(key.toString()));
    assertThatThrownBy(() -> new SyslogShipper(config, System.err))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot use the syslog TLS certificate " + cert)
        .hasMessageContaining("PKCS#8")
        .hasMessageNotContaining("SECRET-KEY-MATERIAL");
  }

  @Test
  void aPortInUseFailsAtStartSayingWhichFlagToChange() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ShipperConfig config = withSyslog(s -> s.tcp("127.0.0.1:" + taken.getLocalPort()));
      assertThatThrownBy(() -> new SyslogShipper(config, System.err))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot listen for syslog on tcp")
          .hasMessageContaining("pick another --syslog-tcp");
    }
  }

  @Test
  void yamlSectionAndFlagsOnTop() {
    ShipperConfig.Builder b =
        ShipperConfigYaml.parse(
            "kafka: {bootstrap-servers: 'k:9092'}\n"
                + "service: network\n"
                + "syslog:\n  tcp: 6514\n  udp: '127.0.0.1:514'\n  max-frame-bytes: 8192\n"
                + "  must-parse: true\n",
            "test.yaml");
    b.syslog().tcp("7514");
    ShipperConfig config = b.stateDir(dir).build();
    assertThat(config.syslog().tcp().getPort()).isEqualTo(7514);
    assertThat(config.syslog().udp().getPort()).isEqualTo(514);
    assertThat(config.syslog().maxFrameBytes()).isEqualTo(8192);
    assertThat(config.syslog().mustParse()).isTrue();
    assertThat(config.service()).isEqualTo("network");
    assertThat(config.sources()).isEmpty();
  }

  @Test
  void unknownYamlKeysAndMixedInputsAreNamed() {
    assertThatThrownBy(() -> ShipperConfigYaml.parse("syslog: {tpc: 514}\n", "t.yaml"))
        .hasMessageContaining("unknown key 'tpc' in syslog");
    ShipperConfig.Builder mixed =
        base().source(java.util.List.of("/tmp/x.log"), "s", null, false, null);
    mixed.syslog().udp("0");
    assertThatThrownBy(mixed::build)
        .hasMessageContaining("one kind of input per sluice ship process");
  }

  private ShipperConfig withSyslog(java.util.function.Consumer<SyslogSettings.Builder> settings) {
    ShipperConfig.Builder b = base();
    settings.accept(b.syslog());
    return b.build();
  }

  private ShipperConfig.Builder base() {
    return ShipperConfig.builder().bootstrapServers("127.0.0.1:1").stateDir(dir);
  }
}
