package dev.sluice.model.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.layout.PartFilePath.Partition;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartFilePathTest {
  private static final String JOB = "0123456789abcdef0123456789abcdef";
  private static final Instant T = Instant.parse("2026-11-26T08:15:00Z");

  @Test
  void buildsTheDocumentedKey() {
    PartFilePath p =
        new PartFilePath("logs", Partition.byTimeAndService(T, "checkout").toPath(), JOB, 0, 2, 17);
    assertThat(p.toKey())
        .isEqualTo(
            "logs/dt=2026-11-26/hour=08/service=checkout/part-" + JOB + "-g0-0002-00000017.avro");
    assertThat(new PartFilePath("rejects", Partition.byTime(T).toPath(), JOB, 0, 0, 3).toKey())
        .isEqualTo("rejects/dt=2026-11-26/hour=08/part-" + JOB + "-g0-0000-00000003.avro");
  }

  @Test
  void parsesBackWhatItBuilt() {
    PartFilePath p =
        new PartFilePath(
            "anomalies", "dt=2026-01-02/hour=23/service=a%2Fb", JOB, 41, 12345, 1L << 40);
    assertThat(PartFilePath.parse(p.toKey())).isEqualTo(p);
    assertThat(Partition.parse(PartFilePath.parse(p.toKey()).partition()))
        .isEqualTo(new Partition("2026-01-02", 23, true, "a/b"));
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

  @Test
  void escapesUnsafeCharactersTheWayHiveDoes() {
    // the bytes Hive's FileUtils.escapePathName writes, which Spark, Trino and Drill read back
    assertThat(PartFilePath.escape("a/b=c:d%e#f?g")).isEqualTo("a%2Fb%3Dc%3Ad%25e%23f%3Fg");
    assertThat(PartFilePath.escape("tab\there\u007f")).isEqualTo("tab%09here%7F");
    assertThat(PartFilePath.escape("x{y}[z]^\"'*\\")).isEqualTo("x%7By}%5Bz%5D%5E%22%27%2A%5C");
    assertThat(PartFilePath.escape("ünïcode-ok_1.2 with space"))
        .isEqualTo("ünïcode-ok_1.2 with space");
    assertThat(Partition.byTimeAndService(T, "../etc").toPath())
        .isEqualTo("dt=2026-11-26/hour=08/service=..%2Fetc");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "checkout",
        "web/api",
        "a=b",
        "100%",
        "100%25",
        "a b c",
        "zürich",
        "emoji 🚀",
        "x{y}[z]^",
        "%",
        "%2",
        "tab\tnewline\n",
        "__HIVE_DEFAULT_PARTITION_"
      })
  void partitionValuesRoundTrip(String service) {
    Partition p = Partition.byTimeAndService(T, service);
    String path = p.toPath();
    assertThat(path.split("/")).hasSize(3);
    assertThat(Partition.parse(path)).isEqualTo(p);
    assertThat(Partition.parse(path).service()).isEqualTo(service);
    assertThat(PartFilePath.unescape(PartFilePath.escape(service))).isEqualTo(service);
  }

  @Test
  void emptyOrNullValuesGoToTheDefaultPartition() {
    assertThat(PartFilePath.escape("")).isEqualTo(PartFilePath.DEFAULT_PARTITION);
    assertThat(PartFilePath.escape(null)).isEqualTo(PartFilePath.DEFAULT_PARTITION);
    assertThat(PartFilePath.unescape(PartFilePath.DEFAULT_PARTITION)).isNull();
    for (String empty : new String[] {null, ""}) {
      Partition p = Partition.byTimeAndService(T, empty);
      assertThat(p.toPath()).isEqualTo("dt=2026-11-26/hour=08/service=__HIVE_DEFAULT_PARTITION__");
      assertThat(Partition.parse(p.toPath())).isEqualTo(p);
      assertThat(p.service()).isNull();
      assertThat(p.byService()).isTrue();
    }
  }

  @Test
  void timeOnlyPartitionsRoundTripAndDifferFromTheDefaultService() {
    Partition time = Partition.byTime(T);
    assertThat(time.toPath()).isEqualTo("dt=2026-11-26/hour=08");
    assertThat(Partition.parse(time.toPath() + "/")).isEqualTo(time);
    assertThat(time).isNotEqualTo(Partition.byTimeAndService(T, null));
    assertThat(time.startMillis()).isEqualTo(Instant.parse("2026-11-26T08:00:00Z").toEpochMilli());
    assertThat(time.endMillis()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z").toEpochMilli());
  }

  @Test
  void dayAndHourAgreeWithJavaTimeAcrossYears() {
    for (String t :
        new String[] {
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59Z",
          "2000-02-29T12:30:00Z",
          "2026-11-26T23:59:59.999Z",
          "2026-11-27T00:00:00Z",
          "9999-12-31T23:00:00Z"
        }) {
      ZonedDateTime z = Instant.parse(t).atZone(ZoneOffset.UTC);
      Partition p = Partition.byTimeAndService(Instant.parse(t), "s");
      assertThat(p.toPath())
          .isEqualTo(
              String.format(
                  "dt=%04d-%02d-%02d/hour=%02d/service=s",
                  z.getYear(), z.getMonthValue(), z.getDayOfMonth(), z.getHour()));
      assertThat(Partition.parse(p.toPath())).isEqualTo(p);
    }
    Partition farFuture = Partition.byTime(Instant.parse("+10000-01-01T05:00:00Z"));
    assertThat(farFuture.toPath()).isEqualTo("dt=+10000-01-01/hour=05");
    assertThat(Partition.parse(farFuture.toPath())).isEqualTo(farFuture);
  }

  @Test
  void readsSegmentsAndSkipsWhatIsNotTheLayout() {
    assertThat(Partition.day("dt=2026-11-25/")).contains("2026-11-25");
    assertThat(Partition.day("dt=2026-13-25")).isEmpty();
    assertThat(Partition.day("dt=2026-02-29")).isEmpty();
    assertThat(Partition.day("dt=2028-02-29")).contains("2028-02-29");
    assertThat(Partition.day("dt=2026-1a-05")).isEmpty();
    assertThat(Partition.day("dt=+10000-01-01")).contains("+10000-01-01");
    assertThatThrownBy(() -> new Partition("2026-04-31", 0, false, null))
        .hasMessageContaining("YYYY-MM-DD");
    assertThat(Partition.day("dtx=2026-11-25")).isEmpty();
    assertThat(Partition.hour("hour=07/")).isEqualTo(OptionalInt.of(7));
    assertThat(Partition.hour("hour=24")).isEmpty();
    assertThat(Partition.hour("hour=7")).isEmpty();
    assertThat(Partition.hour("hour=-1")).isEmpty();
    assertThat(Partition.tryParse("dt=2026-11-25/hour=07/part-0.avro")).isEmpty();
    assertThat(Partition.tryParse("dt=2026-11-25")).isEmpty();
    assertThat(Partition.tryParse("dt=2026-11-25/hour=07/service=a/b=c")).isEmpty();
    assertThatThrownBy(() -> Partition.parse("hour=07/dt=2026-11-25"))
        .hasMessageContaining("dt=YYYY-MM-DD/hour=HH[/service=<name>]");
    assertThat(PartFilePath.isHidden("_sluice")).isTrue();
    assertThat(PartFilePath.isHidden(".tmp")).isTrue();
    assertThat(PartFilePath.isHidden("dt=2026-11-25")).isFalse();
  }

  @Test
  void unescapeReadsWhatOtherWritersEscapedMore() {
    assertThat(PartFilePath.unescape("a%2fb")).isEqualTo("a/b");
    assertThat(PartFilePath.unescape("a%20b")).isEqualTo("a b");
    assertThat(PartFilePath.unescape("100%")).isEqualTo("100%");
  }
}
