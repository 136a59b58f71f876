package dev.sluice.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  private final Secrets secrets = new Secrets(Map.of("KAFKA_PASSWORD", "pw")::get);

  @TempDir Path dir;

  @Test
  void resolvesVariablesAndFilesInsideAValue() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "t0k\n");
    assertThat(secrets.resolve("sasl", "user:${env:KAFKA_PASSWORD}/${file:" + file + "}"))
        .isEqualTo("user:pw/t0k");
    assertThat(secrets.resolve("plain", "no references")).isEqualTo("no references");
    assertThat(secrets.resolveAll(Map.of("a", "${env:KAFKA_PASSWORD}"))).containsEntry("a", "pw");
  }

  @Test
  void stripsOneTrailingLineBreakOnly() throws Exception {
    assertThat(Secrets.readFile("k", Files.writeString(dir.resolve("a"), "s3cr3t\n")))
        .isEqualTo("s3cr3t");
    assertThat(Secrets.readFile("k", Files.writeString(dir.resolve("b"), "s3cr3t\r\n")))
        .isEqualTo("s3cr3t");
    assertThat(Secrets.readFile("k", Files.writeString(dir.resolve("c"), " s3 cr3t \n\n")))
        .isEqualTo(" s3 cr3t \n");
  }

  @Test
  void errorsNameTheSettingAndTheSourceButNeverTheValue() throws Exception {
    assertThatThrownBy(() -> secrets.resolve("--http-token", "${env:MISSING}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--http-token")
        .hasMessageContaining("MISSING");
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> Secrets.readFile("--s3-secret-key-file", missing))
        .hasMessageContaining("--s3-secret-key-file")
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("NoSuchFileException");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> Secrets.readFile("--secret-key-file", empty))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> secrets.resolve("x", "${file:" + missing + "}"))
        .hasMessageNotContaining("pw");
  }

  @Test
  void anOptionalVariableIsNullWhenUnsetOrBlank() {
    Secrets s = new Secrets(Map.of("SET", "v", "BLANK", " ")::get);
    assertThat(s.variableOrNull("SET")).isEqualTo("v");
    assertThat(s.variableOrNull("BLANK")).isNull();
    assertThat(s.variableOrNull("UNSET")).isNull();
  }
}
