package dev.sluice.processing.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.EmbeddedFlink;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.local.junit.S3Extension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The benchmark runs both jobs to completion (the whole job: archive, stats and anomalies) and
 * reports both rates, the ratio, load average, memory and checkpoints.
 */
class JobBenchmarkIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @Test
  void reportsBothRatesTheirRatioAndCheckpointFigures() throws Exception {
    StringWriter text = new StringWriter();
    JobBenchmark.Result result;
    try (EmbeddedFlink flink = EmbeddedFlink.start(2, 0, new Configuration())) {
      result =
          new JobBenchmark(
                  flink.cluster(),
                  new JobBenchmark.Settings(
                      KAFKA.bootstrapServers(),
                      S3.endpoint(),
                      S3.accessKey(),
                      S3.secretKey(),
                      5_000,
                      2,
                      2,
                      Duration.ofMillis(300),
                      1,
                      "archive,stats,anomalies"),
                  new PrintWriter(text, true))
              .run();
    }
    assertThat(result.baseline().events()).isEqualTo(5_000);
    assertThat(result.job().events()).isEqualTo(5_000);
    assertThat(result.ratio()).isPositive();
    assertThat(result.checkpoints()).isPositive();
    assertThat(result.job().peakHeapBytes()).isPositive();
    assertThat(result.baseline().cpuNanos()).isPositive();
    assertThat(text.toString())
        .contains("baseline: same Kafka source + decode -> discarding sink")
        .contains("job: decode + rejects + archive + stats + anomalies")
        .contains("ratio job / baseline (events/s)")
        .contains("load")
        .contains("live heap per slot")
        .contains("checkpoints of the fastest job run");
  }
}
