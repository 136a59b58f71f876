package dev.sluice.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.query.bench.QueryBenchmark;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The benchmark runs end to end on a small table, its two sides agree, and it reports both. */
class QueryBenchmarkIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @Test
  void measuresEngineAndBaselineOnTheSameTable() throws Exception {
    QueryConfig config =
        QueryConfig.builder()
            .endpoint(S3.endpoint())
            .bucket(S3.newBucket())
            .accessKey(S3.accessKey())
            .secretKey(S3.secretKey())
            .build();
    StringWriter progress = new StringWriter();
    QueryBenchmark.Report report =
        QueryBenchmark.run(
            config, new QueryBenchmark.Options(24 * 50, 1, 1, 1), new PrintWriter(progress));

    assertThat(report.objects()).isEqualTo(24);
    assertThat(report.prunedRows()).isEqualTo(50);
    assertThat(report.engineScanRowsPerSecond()).isPositive();
    assertThat(report.baselineScanRowsPerSecond()).isPositive();
    StringWriter out = new StringWriter();
    report.print(new PrintWriter(out));
    assertThat(out.toString())
        .contains("full-scan aggregate, rows/s")
        .contains("one service, one hour (50 rows), ms")
        .contains("sluice query")
        .contains("plain Avro scan");
    System.out.println(out);
  }
}
