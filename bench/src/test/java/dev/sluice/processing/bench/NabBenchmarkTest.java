package dev.sluice.processing.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NAB run writes one results file per series where NAB's scorer looks, and flags a jump. */
class NabBenchmarkTest {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @TempDir Path dir;

  @Test
  void writesResultsFilesWhereTheScorerLooksAndOpensAnIncidentOnAJump() throws Exception {
    Path data = dir.resolve("data");
    List<String> rows = new ArrayList<>(List.of("timestamp,value"));
    SplittableRandom random = new SplittableRandom(7);
    LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
    int hours = 24 * 21;
    for (int h = 0; h < hours; h++) {
      long value = h < hours - 12 ? 1000 + random.nextInt(60) : 20_000;
      rows.add(start.plusHours(h).format(TIME) + "," + value);
    }
    Files.createDirectories(data.resolve("realTraffic"));
    Files.write(data.resolve("realTraffic/jump.csv"), rows);

    NabBenchmark.Summary summary = NabBenchmark.run(data, dir.resolve("out"), "sluice");

    Path results = dir.resolve("out/realTraffic/sluice_jump.csv");
    List<String> written = Files.readAllLines(results);
    assertThat(summary.files()).isEqualTo(1);
    assertThat(summary.opens()).isPositive();
    assertThat(written).hasSize(rows.size());
    assertThat(written.get(0)).isEqualTo("timestamp,value,anomaly_score");
    assertThat(written.get(1)).startsWith(rows.get(1) + ",");
    // the highest score of the series is in the jump: a threshold over all series takes it first
    int top = 1;
    for (int i = 1; i < written.size(); i++) {
      if (score(written.get(i)) > score(written.get(top))) {
        top = i;
      }
    }
    assertThat(top).as("row of the highest score").isGreaterThan(hours - 12);
    assertThat(score(written.get(top))).isGreaterThan(0.5);
    assertThat(written.subList(1, written.size()))
        .allSatisfy(
            line ->
                assertThat(Double.parseDouble(line.substring(line.lastIndexOf(',') + 1)))
                    .isBetween(0.0, 1.0));
  }

  private static double score(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(',') + 1));
  }

  @Test
  void namesTheFileAndLineOfAMalformedRow() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.write(data.resolve("bad.csv"), List.of("timestamp,value", "2024-01-01 00:00:00;5"));

    assertThatThrownBy(() -> NabBenchmark.run(data, dir.resolve("out"), "sluice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.csv line 2");
  }
}
