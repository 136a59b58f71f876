package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.query.fixtures.SampleData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice query …} end to end against sample data on the embedded S3 server. */
class QueryCommandIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  static String bucket;
  static SampleData data;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void writeSampleData() {
    bucket = S3.newBucket();
    Instant firstHour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    data = SampleData.write(S3, bucket, firstHour.toEpochMilli());
  }

  private int sluice(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint", S3.endpoint(), "--bucket", bucket));
    return Main.run(
        new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(new String[0]));
  }

  @Test
  void runsSqlGivenDirectlyAsCsv() {
    int code =
        sluice(
            "query",
            "SELECT service, COUNT(*) AS n FROM logs GROUP BY service ORDER BY service",
            "--format",
            "csv");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .isEqualTo("service,n\r\ncheckout,60\r\npayments,60\r\nweb/api,60\r\n");
    assertThat(err.toString()).matches("(?s)3 rows in [0-9.]+ s \\(read 9 objects, .*\\)\\s*");
  }

  @Test
  void runsTheSqlSubcommandAsJsonLines() {
    int code =
        sluice("query", "sql", "SELECT id, reason FROM rejects ORDER BY id", "--format", "json");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines())
        .containsExactly(
            "{\"id\":\"r-1\",\"reason\":\"not JSON\"}",
            "{\"id\":\"r-2\",\"reason\":\"no service field\"}");
  }

  @Test
  void logsShortcutAsTable() {
    int code =
        sluice(
            "query",
            "logs",
            "--service",
            "payments",
            "--level",
            "DEBUG",
            "--since",
            "3h",
            "--limit",
            "5",
            "--format",
            "table");
    assertThat(code).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("eventTime").contains("| service").contains("| message");
    assertThat(lines).hasSizeBetween(3, 7);
    assertThat(lines.subList(2, lines.size()))
        .allSatisfy(l -> assertThat(l).contains("| payments"));
  }

  @Test
  void anomaliesShortcutListsTheAnomaly() {
    int code = sluice("query", "anomalies", "--since", "1d", "--format", "csv");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains(SampleData.ANOMALY_ID).contains("ERROR_RATE_RISE");
  }

  @Test
  void statsShortcutShowsEachHourOfTheService() {
    int code =
        sluice("query", "stats", "--service", "checkout", "--since", "3h", "--format", "csv");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().lines().skip(1))
        .hasSize(SampleData.HOURS)
        .allSatisfy(l -> assertThat(l).contains(",checkout,"));
  }

  @Test
  void explainShowsTheAnomalyThenItsLogLines() {
    int code = sluice("query", "explain", SampleData.ANOMALY_ID, "--format", "table");
    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).contains("kind").contains("ERROR_RATE_RISE").contains("exemplar | eventTime");
    long marked = text.lines().filter(l -> l.startsWith("*")).count();
    assertThat(marked).isEqualTo(data.anomaly().getExemplars().size());
  }

  @Test
  void badQueryIsOneLineWithThePositionAndExitCode2() {
    int code = sluice("query", "SELECT nope FROM logs");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().trim())
        .startsWith("sluice: From line 1, column 8 to line 1, column 11: Column 'nope' not found")
        .doesNotContain("\n")
        .doesNotContain("at org.apache");
  }

  @Test
  void wrongSecretSaysCredentialsWithoutShowingIt(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "very-wrong-secret\n");
    int code = sluice("query", "SELECT 1", "--secret-key-file", secret.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("credentials").doesNotContain("very-wrong-secret");
  }

  @Test
  void unreachableEndpointSaysSo() {
    int code =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "query",
            "SELECT 1",
            "--endpoint",
            "http://127.0.0.1:1");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach the S3 endpoint").contains("--endpoint");
  }

  @Test
  void badSinceIsAUsageError() {
    assertThat(sluice("query", "logs", "--since", "yesterday")).isEqualTo(2);
    assertThat(err.toString()).contains("--since 'yesterday' is not a period");
  }
}
