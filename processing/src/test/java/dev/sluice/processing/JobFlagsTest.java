package dev.sluice.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JobFlags} lists exactly the flags {@link JobOptions#parse} accepts. */
class JobFlagsTest {
  private static final Map<String, String> ENV =
      Map.of(JobOptions.ENV_SECRET_KEY, "s3cr3t-value", JobOptions.ENV_ACCESS_KEY, "ak");

  @TempDir Path dir;

  @Test
  void everyListedFlagIsAcceptedWithItsExample() throws IOException {
    Path secretFile = Files.writeString(dir.resolve("secret"), "s3cr3t-value\n");
    for (JobFlags.Flag flag : JobFlags.ALL) {
      List<String> args =
          new ArrayList<>(
              List.of("--bootstrap-servers", "k:9092", "--s3-endpoint", "http://s3:9000"));
      args.add(flag.name());
      if (!flag.isSwitch()) {
        args.add(flag.name().endsWith("-file") ? secretFile.toString() : flag.example());
      }
      assertThatCode(() -> JobOptions.parse(args.toArray(String[]::new), ENV))
          .as(flag.name() + " " + flag.example())
          .doesNotThrowAnyException();
    }
  }

  @Test
  void listsEveryVisibleOptionOfTheParserOnceAndNeverTheSecretKey() {
    Set<String> parsed = new TreeSet<>();
    JobFlagTypes.commandLine(new JobOptions()).getCommandSpec().options().stream()
        .filter(o -> !o.hidden())
        .forEach(o -> parsed.add(o.longestName()));
    List<String> listed = JobFlags.ALL.stream().map(JobFlags.Flag::name).toList();
    assertThat(listed).hasSizeGreaterThan(20).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(listed)).isEqualTo(parsed).doesNotContain("--s3-secret-key");
    assertThat(JobFlags.find("--bootstrap-servers").orElseThrow().defaultText())
        .isEqualTo("required");
    assertThat(JobFlags.find("--window").orElseThrow().defaultText()).isEqualTo("1m");
    assertThat(JobFlags.find("--s3-credentials-from-env").orElseThrow().isSwitch()).isTrue();
    JobFlags.ALL.forEach(f -> assertThat(f.meaning()).as(f.name()).isNotBlank());
  }

  @Test
  void helpListsEveryFlag() {
    String help = JobFlags.help();
    JobFlags.ALL.forEach(f -> assertThat(help).contains(f.name() + " "));
  }
}
