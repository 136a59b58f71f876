package dev.sluice.processing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.EmbeddedFlink;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.local.junit.S3Extension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark runs files -> shipper -> Kafka -> job -> S3 -> query end to end, sees every probe
 * it appended and reports their freshness beside the settings that trade it against file size.
 */
class FreshnessBenchmarkIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @TempDir Path work;

  @Test
  void seesEveryProbeThroughTheWholePipelineAndReportsItsFreshness() throws Exception {
    StringWriter text = new StringWriter();
    FreshnessBenchmark.Report report;
    try (EmbeddedFlink flink = EmbeddedFlink.start(1, 0, new Configuration())) {
      report =
          new FreshnessBenchmark(
                  flink.cluster(),
                  new FreshnessBenchmark.Settings(
                      KAFKA.bootstrapServers(),
                      S3.endpoint(),
                      S3.accessKey(),
                      S3.secretKey(),
                      work,
                      50,
                      2,
                      Duration.ofMillis(250),
                      Duration.ofSeconds(5),
                      Duration.ofMillis(300),
                      2,
                      1,
                      Duration.ofMillis(500),
                      Duration.ofSeconds(1)),
                  new PrintWriter(text, true))
              .run();
    }
    assertThat(report.probesAppended()).isPositive();
    assertThat(report.probesSeen()).isEqualTo(report.probesAppended());
    assertThat(report.percentile(50)).isPositive();
    assertThat(report.percentile(99)).isGreaterThanOrEqualTo(report.percentile(50));
    assertThat(report.backgroundLines()).isPositive();
    assertThat(report.partFiles()).isPositive();
    assertThat(report.checkpointInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(report.rollInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(text.toString())
        .contains("--checkpoint-interval 500ms")
        .contains("--roll-interval 1s")
        .contains("freshness: p50 ")
        .contains("load average (1 min)");
  }
}
