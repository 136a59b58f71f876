package dev.sluice.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.ship.ShipSetting;
import dev.sluice.ingest.ship.ShipSettings;
import dev.sluice.ingest.ship.ShipperConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ShipCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ShipMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpDescribesTheOptions() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--config", "--path", "--parser", "--bootstrap-servers", "--kafka-property")
        .contains("--state-dir", "--read-from", "--metrics-port", "--stop-at-eof");
  }

  @Test
  void missingBootstrapServersIsOneLineSayingWhatToSet() {
    int code = run("--path", "/tmp/x.log", "--service", "s", "--state-dir", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(
            "sluice-ship: no Kafka bootstrap servers: set --bootstrap-servers (kafka.bootstrap-servers)");
  }

  @Test
  void unknownParserNamesTheKnownOnes() {
    int code = run("-p", "/tmp/x.log", "--service", "s", "--parser", "jsn", "-b", "127.0.0.1:1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("unknown parser 'jsn'").contains("json");
  }

  @Test
  void missingSecretNamesTheVariableNotAValue() {
    int code =
        run(
            "-p",
            "/tmp/x.log",
            "--service",
            "s",
            "-b",
            "127.0.0.1:1",
            "-X",
            "sasl.jaas.config=${env:SLUICE_TEST_UNSET_SECRET}");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(
            "sluice-ship: sasl.jaas.config refers to environment variable SLUICE_TEST_UNSET_SECRET,"
                + " which is not set");
  }

  @Test
  void unknownKeyInTheConfigFileIsNamed() throws IOException {
    Path config = dir.resolve("ship.yaml");
    Files.writeString(config, "kafka:\n  bootstrap-servers: x:1\n  lingr-ms: 5\n");
    assertThat(run("--config", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("unknown key 'lingr-ms' in kafka");
  }

  @Test
  void anUnknownSourceSaysWhichOnesExist() {
    assertThat(run("--source", "stdin")).isEqualTo(2);
    assertThat(err.toString()).contains("--source stdin is not known: use file or demo");
  }

  @Test
  void aBadIncidentScheduleIsOneLine() {
    assertThat(run("--source", "demo", "-b", "127.0.0.1:1", "--demo-incidents", "meteor:x:1m"))
        .isEqualTo(2);
    assertThat(err.toString()).startsWith("sluice-ship: ").doesNotContain("\tat ");
  }

  @Test
  void httpFlagsAreDescribedAndWrongOnesFailAtStartSayingWhatToFix() throws IOException {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--http", "--http-token", "--http-max-body-bytes", "--http-tls-cert");

    String state = dir.resolve("state").toString();
    assertThat(
            run(
                "--http",
                "127.0.0.1:0",
                "--service",
                "s",
                "-b",
                "127.0.0.1:1",
                "--state-dir",
                state,
                "--http-token",
                "${env:SLUICE_TEST_UNSET_HTTP_TOKEN}"))
        .isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(
            "sluice-ship: --http-token (http.token) refers to environment variable"
                + " SLUICE_TEST_UNSET_HTTP_TOKEN, which is not set");

    err.getBuffer().setLength(0);
    Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
    assertThat(
            run(
                "--http",
                "127.0.0.1:0",
                "--service",
                "s",
                "-b",
                "127.0.0.1:1",
                "--state-dir",
                state,
                "--http-tls-cert",
                cert.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("both --http-tls-cert and --http-tls-key");

    err.getBuffer().setLength(0);
    assertThat(run("--http-token", "${env:X}", "-b", "127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString()).contains("set --http [HOST:]PORT");
  }

  @Test
  void everySettingOfTheTableWithAFlagIsAnOptionWithItsHelp() {
    assertThat(run("--help")).isZero();
    for (ShipSetting<?> setting : ShipSettings.ALL) {
      if (setting.flag() != null) {
        assertThat(out.toString()).contains(setting.flag());
        assertThat(setting.description()).as(setting.path()).isNotBlank();
      }
    }
  }

  @Test
  void flagsOverrideTheFileSettingBySetting() throws IOException {
    Path config = dir.resolve("ship.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "service: from-file",
            "sources: [{paths: /tmp/a.log}]",
            "kafka: {bootstrap-servers: file:1, topic: file-topic, linger-ms: 7}",
            "metrics: {status-interval: 1m}",
            ""));
    ShipCommand ship = new ShipCommand();
    new CommandLine(ship)
        .parseArgs(
            "--config",
            config.toString(),
            "--topic",
            "flag-topic",
            "--status-interval",
            "5s",
            "--state-dir",
            dir.toString());
    ShipperConfig built = ship.config();
    assertThat(built.kafka().topic()).isEqualTo("flag-topic");
    assertThat(built.kafka().bootstrapServers()).isEqualTo("file:1");
    assertThat(built.kafka().lingerMs()).isEqualTo(7);
    assertThat(built.statusInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(built.sources().get(0).service()).isEqualTo("from-file");
  }

  @Test
  void aWrongFlagValueNamesTheFlagAndTheYamlKey() {
    int code =
        run("-p", "/tmp/x.log", "--service", "s", "-b", "127.0.0.1:1", "--status-interval", "soon");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("--status-interval (metrics.status-interval): 'soon' is not a duration");
    err.getBuffer().setLength(0);
    assertThat(run("-p", "/tmp/x.log", "--service", "s", "--read-from", "middle")).isEqualTo(2);
    assertThat(err.toString()).contains("--read-from (read-from): 'middle' must be 'beginning'");
  }
}
