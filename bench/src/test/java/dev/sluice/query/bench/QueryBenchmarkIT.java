package dev.sluice.query.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.query.QueryConfig;
import dev.sluice.query.fixtures.SinkWrites;
import dev.sluice.sink.AvroCompression;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The benchmark runs end to end on a small table stored by the sink, the engine and both plain
 * readers (projected full scan, one-prefix reader) agree, and it reports them with the load
 * average.
 */
class QueryBenchmarkIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @Test
  void measuresEngineAndBaselineOnTheSameTable() throws Exception {
    String bucket = S3.newBucket();
    QueryConfig config =
        QueryConfig.builder()
            .endpoint(S3.endpoint())
            .bucket(bucket)
            .accessKey(S3.accessKey())
            .secretKey(S3.secretKey())
            .build();
    StringWriter progress = new StringWriter();
    QueryBenchmark.Report report =
        QueryBenchmark.run(
            config,
            new QueryBenchmark.Options(24 * 50, 1, 1, 1),
            events -> new SinkWrites(S3, bucket).logs(AvroCompression.ZSTD, events),
            new PrintWriter(progress));

    assertThat(report.objects()).isEqualTo(24);
    assertThat(report.prunedRows()).isEqualTo(50);
    assertThat(report.engineScanRowsPerSecond()).isPositive();
    assertThat(report.plainScanRowsPerSecond()).isPositive();
    assertThat(report.prunedObjects()).isEqualTo(1);
    assertThat(report.enginePrunedMillis()).isPositive();
    assertThat(report.plainPrunedMillis()).isPositive();
    StringWriter out = new StringWriter();
    report.print(new PrintWriter(out));
    assertThat(out.toString())
        .contains("full-scan aggregate, rows/s")
        .contains("one service, one hour (50 rows), ms")
        .contains("sluice query")
        .contains("plain reader")
        .contains("1-min load average");
    System.out.println(out);
  }
}
