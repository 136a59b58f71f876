package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("stack", "demo", "bench");
  }

  @Test
  void everyCommandDescribesItsOptions() {
    assertThat(run("stack", "--help")).isZero();
    assertThat(out.toString())
        .contains("--kafka-port", "--s3-port", "--data-dir", "--bucket", "--flink");
  }

  @Test
  void unknownFlagIsOneClearLineAndUsageExitCode() {
    int code = run("stack", "--kafka-prot", "1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("sluice: Unknown options: '--kafka-prot', '1'")
        .contains("Did you mean: --kafka-port")
        .contains("Run 'sluice stack --help'")
        .doesNotContain("at dev.sluice");
  }

  @Test
  void missingCommandSaysWhatToDo() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("name a command");
  }

  @Test
  void badBucketNameFailsBeforeStartingAnything() {
    assertThat(run("stack", "--bucket", "UP")).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(
            "sluice: --bucket 'UP' is not a valid bucket name:"
                + " use 3-63 lower-case letters, digits, '.' or '-'");
  }

  @Test
  void outOfRangePortIsRejected() {
    assertThat(run("stack", "--kafka-port", "70000")).isEqualTo(2);
    assertThat(err.toString()).contains("ports must be between 0 and 65535, got 70000");
  }

  @Test
  void demoRejectsAWrongSpeedBeforeStartingAnything() {
    assertThat(run("demo", "--speed", "0")).isEqualTo(2);
    assertThat(err.toString()).startsWith("sluice: ").contains("--speed");
  }
}
