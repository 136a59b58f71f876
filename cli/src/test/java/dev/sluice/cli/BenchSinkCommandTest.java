package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchSinkCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void printsSinkAndBothBaselinesWithRatiosAndLoadAverage() {
    int code =
        run(
            "bench",
            "sink",
            "--records",
            "3000",
            "--rounds",
            "1",
            "--checkpoint-every",
            "1000",
            "--s3-storage",
            "MEMORY");

    assertThat(err.toString()).isEmpty();
    assertThat(code).isZero();
    assertThat(out.toString())
        .containsPattern("S3Sink \\(writer \\+ committer\\)\\s+\\d+\\.\\d\\d")
        .containsPattern("plain loop: Avro encode \\+ compress \\+ put\\s+\\d+\\.\\d\\d")
        .containsPattern("raw put: putObject of the sink's bytes\\s+\\d+\\.\\d\\d")
        .containsPattern("ratio sink / plain loop\\s+\\d+\\.\\d\\d")
        .containsPattern("ratio sink / raw put\\s+\\d+\\.\\d\\d")
        .containsPattern("load average \\(1 min\\)\\s+(\\d+\\.\\d\\d|NaN)");
  }

  @Test
  void rejectsNonsenseWithUsageExitCode() {
    assertThat(run("bench", "sink", "--records", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("must be positive");
  }
}
