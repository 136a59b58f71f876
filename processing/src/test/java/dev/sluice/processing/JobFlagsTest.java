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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JobFlags} and {@link JobOptions#parse} must name the same flags. */
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
  void everyFlagTheParserHandlesIsListed() throws IOException {
    String source =
        Files.readString(Path.of("src/main/java/dev/sluice/processing/JobOptions.java"));
    Set<String> handled = new TreeSet<>();
    Matcher m = Pattern.compile("(?:case|name\\.equals\\() ?\"(--[a-z0-9-]+)\"").matcher(source);
    while (m.find()) {
      handled.add(m.group(1));
    }
    handled.remove("--s3-secret-key"); // handled only to be refused
    Set<String> listed = new TreeSet<>();
    JobFlags.ALL.forEach(f -> listed.add(f.name()));
    assertThat(handled).hasSizeGreaterThan(20);
    assertThat(listed).isEqualTo(handled);
  }

  @Test
  void helpListsEveryFlag() {
    String help = JobFlags.help();
    JobFlags.ALL.forEach(f -> assertThat(help).contains(f.name() + " "));
  }
}
