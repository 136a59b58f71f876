package dev.sluice.cli.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** {@code sluice alert}'s wrong settings fail at start with one line, exit 2, and no secret. */
class AlertCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void aWrongUrlIsOneLineNamingTheFlag() {
    assertThat(run("alert", "--alertmanager", "alertmanager:9093")).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(
            "sluice: --alertmanager 'alertmanager:9093' must start with http:// or https://");
  }

  @Test
  void aMissingSecretNamesTheVariableAndNothingElse() {
    assertThat(
            run(
                "alert",
                "--webhook",
                "http://127.0.0.1:1/hook",
                "--webhook-token",
                "${env:SLUICE_TEST_UNSET_TOKEN}"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--webhook-token refers to environment variable SLUICE_TEST_UNSET_TOKEN")
        .doesNotContain("at dev.sluice");
  }

  @Test
  void anUnknownHostIsFoundAtStart() {
    assertThat(run("alert", "--webhook", "http://no-such-host.invalid/hook")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown host no-such-host.invalid");
  }

  @Test
  void somethingThatIsNotAnAlertmanagerIsFoundAtStart() throws Exception {
    HttpServer notAlertmanager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    notAlertmanager.createContext(
        "/",
        e -> {
          e.sendResponseHeaders(404, -1);
          e.close();
        });
    notAlertmanager.start();
    try {
      int port = notAlertmanager.getAddress().getPort();
      assertThat(run("alert", "--alertmanager", "http://127.0.0.1:" + port)).isEqualTo(2);
      assertThat(err.toString())
          .contains("GET /api/v2/status answered HTTP 404")
          .contains("check --alertmanager");
    } finally {
      notAlertmanager.stop(0);
    }
  }

  @Test
  void aSlackUrlIsNeverPrinted() {
    assertThat(run("alert", "--slack-webhook", "hooks.example/services/T0/B0/SECRETPART"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--slack-webhook").doesNotContain("SECRETPART");
  }
}
