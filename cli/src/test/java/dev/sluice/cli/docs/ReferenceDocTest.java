package dev.sluice.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.SluiceCommand;
import dev.sluice.processing.JobFlags;
import dev.sluice.processing.anomaly.AnomalyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Keeps {@code docs/reference.md} — the configuration reference the README points to — generated
 * from the code: every {@code sluice} command's options (picocli's own help) and every flag of the
 * Flink job ({@link JobFlags}) with the {@code --anomaly} settings ({@link AnomalyConfig}). Fails
 * when the file is stale; {@code -Dsluice.updateDocs=true} rewrites it.
 */
class ReferenceDocTest {
  private static final Path REFERENCE = Path.of("..", "docs", "reference.md");
  private static final String REGENERATE =
      "mvn -pl cli -am test -Dtest=ReferenceDocTest -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dsluice.updateDocs=true";

  @Test
  void referenceIsUpToDate() throws IOException {
    String expected = ReferenceDoc.render(new CommandLine(new SluiceCommand()), JobFlags.ALL);
    if (Boolean.getBoolean("sluice.updateDocs")) {
      Files.createDirectories(REFERENCE.getParent());
      Files.writeString(REFERENCE, expected, StandardCharsets.UTF_8);
    }
    String actual =
        Files.exists(REFERENCE) ? Files.readString(REFERENCE, StandardCharsets.UTF_8) : "";
    assertThat(actual)
        .as("docs/reference.md is stale; regenerate it with: " + REGENERATE)
        .isEqualTo(expected);
  }

  @Test
  void referenceCoversEveryCommandAndJobFlag() {
    String doc = ReferenceDoc.render(new CommandLine(new SluiceCommand()), JobFlags.ALL);
    assertThat(doc)
        .contains("## `sluice ship`", "## `sluice query`", "## `sluice bench job`", "--bucket");
    JobFlags.ALL.forEach(f -> assertThat(doc).contains("`" + f.name() + "`"));
    AnomalyConfig.SETTINGS.forEach(name -> assertThat(doc).contains("| `" + name + "` |"));
  }
}
