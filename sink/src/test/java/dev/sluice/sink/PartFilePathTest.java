package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartFilePathTest {
  private static final String JOB = "0123456789abcdef0123456789abcdef";

  @Test
  void buildsTheDocumentedKey() {
    PartFilePath p =
        new PartFilePath("logs", "dt=2026-11-26/hour=08/service=checkout", JOB, 0, 2, 17);
    assertThat(p.toKey())
        .isEqualTo(
            "logs/dt=2026-11-26/hour=08/service=checkout/part-" + JOB + "-g0-0002-00000017.avro");
  }

  @Test
  void parsesBackWhatItBuilt() {
    PartFilePath p =
        new PartFilePath(
            "anomalies", "dt=2026-01-02/hour=23/service=a%2Fb", JOB, 41, 12345, 1L << 40);
    assertThat(PartFilePath.parse(p.toKey())).isEqualTo(p);
  }

  @Test
  void parsesAKeyWithoutPartition() {
    PartFilePath p = new PartFilePath("stats", "", JOB, 0, 0, 0);
    assertThat(p.toKey()).isEqualTo("stats/part-" + JOB + "-g0-0000-00000000.avro");
    assertThat(PartFilePath.parse(p.toKey())).isEqualTo(p);
  }

  @Test
  void rejectsKeysThatAreNotPartFiles() {
    assertThatThrownBy(() -> PartFilePath.parse("logs/dt=2026-11-26/other.avro"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("part-<job>-g<generation>-<subtask>-<sequence>.avro");
    assertThat(PartFilePath.tryParse("_sluice/tmp/logs/x")).isEmpty();
    assertThat(PartFilePath.tryParse("noslash")).isEmpty();
  }

  @Test
  void rejectsPartitionsReadersWouldSkip() {
    assertThatThrownBy(() -> new PartFilePath("logs", "_hidden=1", JOB, 0, 0, 0))
        .hasMessageContaining("starting with '_' or '.'");
    assertThatThrownBy(() -> new PartFilePath("logs", "a=1//b=2", JOB, 0, 0, 0))
        .hasMessageContaining("empty segment");
    assertThatThrownBy(() -> new PartFilePath("Logs", "", JOB, 0, 0, 0))
        .hasMessageContaining("not a valid table name");
  }

  @Test
  void differentWritersNeverShareAKey() {
    PartFilePath a = new PartFilePath("logs", "p=1", JOB, 0, 1, 5);
    assertThat(a.toKey())
        .isNotEqualTo(new PartFilePath("logs", "p=1", JOB, 0, 2, 5).toKey())
        .isNotEqualTo(new PartFilePath("logs", "p=1", JOB, 7, 1, 5).toKey())
        .isNotEqualTo(new PartFilePath("logs", "p=1", JOB, 0, 1, 6).toKey());
  }
}
