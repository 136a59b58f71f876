package dev.sluice.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong syslog / stdin flags fail at start with one line that says what to fix. */
class ShipSyslogOptionsTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ShipMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsTheSyslogAndStdinFlags() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--syslog-tcp", "--syslog-udp", "--syslog-tls-cert", "--syslog-tls-key")
        .contains("--stdin");
  }

  @Test
  void aBadPortIsNamed() {
    assertThat(run("--syslog-tcp", "0.0.0.0:65536", "-b", "127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(
            "sluice-ship: --syslog-tcp (syslog.tcp) '0.0.0.0:65536': the port must be a number from 0"
                + " to 65535, as in 6514 or 127.0.0.1:6514");
  }

  @Test
  void aCertificateWithoutItsKeyIsNamed() throws IOException {
    Path cert = Files.writeString(dir.resolve("server.crt"), "x");
    int code = run("--syslog-tcp", "0", "--syslog-tls-cert", cert.toString(), "-b", "127.0.0.1:1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--syslog-tls-cert (syslog.tls.cert) needs --syslog-tls-key");
  }

  @Test
  void anUnreadableCertificateFileIsNamed() {
    Path missing = dir.resolve("missing.crt");
    int code =
        run(
            "--syslog-tcp",
            "0",
            "--syslog-tls-cert",
            missing.toString(),
            "--syslog-tls-key",
            missing.toString(),
            "-b",
            "127.0.0.1:1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(missing + ": no such file");
  }

  @Test
  void stdinWithFilesIsRefused() {
    int code = run("--stdin", "--service", "s", "-p", "/tmp/x.log", "-b", "127.0.0.1:1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("one kind of input per sluice ship process");
  }
}
