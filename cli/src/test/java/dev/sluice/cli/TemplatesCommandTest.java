package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice templates} and {@code sluice bench templates} on small files. */
class TemplatesCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path sshLog() throws IOException {
    return Files.write(
        dir.resolve("secure"),
        List.of(
            "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
            "Dec 10 07:02:47 LabSZ sshd[24203]: Connection closed by 212.47.254.145 [preauth]",
            "Dec 10 07:07:38 LabSZ sshd[24206]: Invalid user test from 52.80.34.196",
            "Dec 10 07:08:28 LabSZ sshd[24208]: Invalid user oracle from 173.234.31.186",
            "Dec 10 07:11:01 LabSZ sshd[24210]: Connection closed by 5.188.10.180 [preauth]"));
  }

  @Test
  void printsTemplatesWithCountsTimesAndAnExampleMostFrequentFirst() throws IOException {
    assertThat(run("templates", sshLog().toString())).isZero();
    String table = out.toString();
    assertThat(table)
        .contains("COUNT", "FIRST SEEN", "LAST SEEN", "TEMPLATE ID")
        .contains("Invalid user <*> from <*>")
        .contains("Connection closed by <*> [preauth]")
        .contains("e.g. Invalid user webmaster from 173.234.31.186")
        .contains("5 lines, 2 templates");
    assertThat(table.indexOf("Invalid user <*> from <*>"))
        .isLessThan(table.indexOf("Connection closed by <*> [preauth]"));
    assertThat(table).contains("12-10T06:55:46").contains("12-10T07:08:28");
  }

  @Test
  void writesCsvJsonAndPerLineIds() throws IOException {
    Path log = sshLog();
    assertThat(run("templates", "--format", "csv", log.toString())).isZero();
    assertThat(out.toString())
        .startsWith("template_id,count,first_seen,last_seen,template,example")
        .contains(",3,")
        .contains("Invalid user <*> from <*>");
    out.getBuffer().setLength(0);
    assertThat(run("templates", "--format", "json", log.toString())).isZero();
    assertThat(out.toString())
        .contains("\"count\":3", "\"template\":\"Invalid user <*> from <*>\"");
    out.getBuffer().setLength(0);
    assertThat(run("templates", "--per-line", log.toString())).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(5);
    String first = lines.get(0).split("\t")[1];
    assertThat(lines.get(2).split("\t")[1]).isEqualTo(first);
    assertThat(lines.get(3).split("\t")[1]).isEqualTo(first);
    assertThat(lines.get(1).split("\t")[1]).isNotEqualTo(first);
  }

  @Test
  void aMissingFileOrAWrongParserIsOneClearLine() {
    assertThat(run("templates", dir.resolve("nope.log").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no such file");
    assertThat(run("templates", "--parser", "xml", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown parser 'xml'");
  }

  @Test
  void benchScoresALoghubStyleDirectoryAgainstItsGroundTruth() throws IOException {
    Path set = Files.createDirectories(dir.resolve("OpenSSH"));
    Files.write(set.resolve("OpenSSH_2k.log"), Files.readAllLines(sshLog()));
    Files.writeString(
        set.resolve("OpenSSH_2k.log_structured_corrected.csv"),
        "LineId,Content,EventId,EventTemplate\n"
            + "1,Invalid user webmaster from 173.234.31.186,E1,Invalid user <*> from <*>\n"
            + "2,Connection closed by 212.47.254.145 [preauth],E2,Connection closed by <*> [preauth]\n"
            + "3,Invalid user test from 52.80.34.196,E1,Invalid user <*> from <*>\n"
            + "4,Invalid user oracle from 173.234.31.186,E1,Invalid user <*> from <*>\n"
            + "5,Connection closed by 5.188.10.180 [preauth],E2,Connection closed by <*> [preauth]\n");
    assertThat(run("bench", "templates", "--repeats", "1", dir.toString())).isZero();
    assertThat(out.toString())
        .contains("dataset", "GA", "PA", "FGA", "FTA", "Drain GA")
        .containsPattern(
            "OpenSSH\\s+5\\s+1\\.000\\s+1\\.000\\s+1\\.000\\s+1\\.000\\s+0\\.788\\s+1\\.000")
        .contains("ground truth: <Name>_2k.log_structured_corrected.csv")
        .contains("lines per CPU second");
  }

  @Test
  void benchWithoutDatasetsSaysWhatItExpects() throws IOException {
    assertThat(run("bench", "templates", dir.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no dataset under");
  }
}
