package dev.sluice.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.KafkaExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark runs end to end on a small input: both JVM sides ship every line of both workloads,
 * and without kcat its row is left out with how to install it.
 */
class ShipBenchmarkIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  @TempDir Path dir;

  @Test
  void measuresTheShipperAgainstThePlainProducer() throws Exception {
    StringWriter out = new StringWriter();
    List<ShipBenchmark.Result> results =
        new ShipBenchmark(
                new ShipBenchmark.Options(
                    KAFKA.bootstrapServers(),
                    1000,
                    dir,
                    "256m",
                    "bench-ship-it",
                    1,
                    200,
                    dir.resolve("no-such-kcat")),
                new PrintWriter(out, true))
            .run();

    assertThat(results)
        .extracting(r -> r.workload() + "/" + r.side())
        .containsExactly(
            "combined/plain producer", "combined/sluice", "json/plain producer", "json/sluice");
    assertThat(results).allSatisfy(r -> assertThat(r.lines()).isEqualTo(1000));
    assertThat(results).allSatisfy(r -> assertThat(r.cpuNanos()).isPositive());
    assertThat(results).allSatisfy(r -> assertThat(r.totalCpuNanos()).isGreaterThan(r.cpuNanos()));
    assertThat(out.toString())
        .contains("sluice/plain", "apt-get install kcat", "Load average", "compression=zstd");
  }
}
