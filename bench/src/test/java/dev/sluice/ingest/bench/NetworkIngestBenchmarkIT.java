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
 * The benchmark runs end to end on a small input: every side delivers every event and reports its
 * CPU, and the client is also measured alone.
 */
class NetworkIngestBenchmarkIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  @TempDir Path dir;

  @Test
  void measuresBothWorkloadsAgainstTheBaseline() throws Exception {
    StringWriter out = new StringWriter();
    List<NetworkIngestBenchmark.Result> results =
        new NetworkIngestBenchmark(
                new NetworkIngestBenchmark.Options(KAFKA.bootstrapServers(), 3000, 3, 200, 1, dir),
                new PrintWriter(out, true))
            .run();

    assertThat(results)
        .extracting(r -> r.workload() + "/" + r.side())
        .containsExactly(
            "syslog TCP/sluice",
            "syslog TCP/plain producer",
            "syslog TCP/client alone",
            "HTTP NDJSON/sluice",
            "HTTP NDJSON/plain producer",
            "HTTP NDJSON/client alone");
    assertThat(results).allSatisfy(r -> assertThat(r.events()).isEqualTo(3000));
    assertThat(results).allSatisfy(r -> assertThat(r.eventsPerSecond()).isPositive());
    assertThat(results).allSatisfy(r -> assertThat(r.cpuSeconds()).isPositive());
    assertThat(results)
        .filteredOn(r -> r.side().equals("sluice"))
        .allSatisfy(r -> assertThat(r.clientCpuSeconds()).isPositive());
    assertThat(out.toString())
        .contains("ratio", "syslog TCP", "HTTP NDJSON", "CPU µs/event", "client alone", "load")
        .contains("CPU µs/event by thread");
    // one round: the side's CPU is exactly the sum of its threads'
    assertThat(results)
        .filteredOn(r -> !r.side().equals("client alone"))
        .allSatisfy(
            r ->
                assertThat(r.cpuSecondsByThread().values().stream().mapToDouble(d -> d).sum())
                    .isCloseTo(r.cpuSeconds(), org.assertj.core.data.Offset.offset(1e-6)));
    assertThat(results.get(0).cpuSecondsByThread())
        .containsKeys("event loops", "send thread", "producer I/O");
    assertThat(results.get(3).cpuSecondsByThread())
        .containsKeys("event loops", "HTTP workers", "send thread", "producer I/O");
    assertThat(results.get(1).cpuSecondsByThread()).containsKeys("round thread", "producer I/O");
  }
}
