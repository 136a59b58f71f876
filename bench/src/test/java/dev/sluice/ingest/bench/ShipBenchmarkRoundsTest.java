package dev.sluice.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShipBenchmarkRoundsTest {
  private static ShipBenchmark.Result round(long cpuNanos, long rssKiB) {
    return new ShipBenchmark.Result(
        "combined",
        "sluice",
        1000,
        100_000,
        2 * cpuNanos,
        cpuNanos,
        3 * cpuNanos,
        1,
        1,
        1,
        rssKiB,
        1.0);
  }

  @Test
  void figuresAreTheRoundsMediansButRssIsTheirPeak() {
    ShipBenchmark.Result summary =
        ShipBenchmark.median(
            List.of(round(300, 150_000), round(100, 210_000), round(200, 170_000)));

    assertThat(summary.cpuNanos()).isEqualTo(200);
    assertThat(summary.nanos()).isEqualTo(400);
    assertThat(summary.rssKiB()).isEqualTo(210_000);
  }

  @Test
  void unknownRssStaysUnknown() {
    ShipBenchmark.Result summary = ShipBenchmark.median(List.of(round(100, -1), round(200, -1)));

    assertThat(summary.rssKiB()).isEqualTo(-1);
    assertThat(summary.cpuNanos()).isEqualTo(150);
  }
}
