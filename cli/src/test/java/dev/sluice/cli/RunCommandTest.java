package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RunCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void describesItsOptionsAndTheJobFlags() {
    assertThat(run("run", "--help")).isZero();
    assertThat(out.toString()).contains("--local", "--flink-port", "--savepoint-dir", "--");
  }

  @Test
  void wrongJobFlagsFailBeforeStartingAnythingWithOneLineSayingWhatToFix() {
    int code = run("run", "--", "--s3-endpoint", "http://127.0.0.1:9000");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("sluice: job flags: --bootstrap-servers is missing")
        .doesNotContain("at dev.sluice");
  }

  @Test
  void refusesASecretKeyFlagWithoutEchoingIt() {
    int code = run("run", "--local", "--", "--s3-secret-key", "hunter2");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("SLUICE_S3_SECRET_KEY").doesNotContain("hunter2");
  }

  @Test
  void benchJobValidatesItsNumbers() {
    assertThat(run("bench", "job", "--help")).isZero();
    assertThat(out.toString()).contains("--events", "--parallelism", "--rounds");
    assertThat(run("bench", "job", "--events", "0")).isNotZero();
    assertThat(err.toString()).contains("--events");
  }
}
