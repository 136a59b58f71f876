package dev.sluice.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.query.storage.PartitionPath;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartitionPathTest {
  @Test
  void buildsTheHivePrefixOfAnEventsHour() {
    PartitionPath p =
        PartitionPath.of(Instant.parse("2026-11-25T07:59:59.999Z").toEpochMilli(), "web/api");
    assertThat(p.prefix()).isEqualTo("dt=2026-11-25/hour=07/service=web%2Fapi/");
    assertThat(p.startMillis()).isEqualTo(Instant.parse("2026-11-25T07:00:00Z").toEpochMilli());
    assertThat(p.endMillis()).isEqualTo(Instant.parse("2026-11-25T08:00:00Z").toEpochMilli());
  }

  @Test
  void unescapesWhatItEscapes() {
    for (String value : new String[] {"checkout", "a b/c%d=e", "zürich", "emoji 🚀", "100%"}) {
      assertThat(PartitionPath.unescape(PartitionPath.escape(value))).isEqualTo(value);
    }
    assertThat(PartitionPath.unescape("100%")).isEqualTo("100%");
    assertThat(PartitionPath.unescape("a%2fb")).isEqualTo("a/b");
  }

  @Test
  void readsHivesDefaultPartitionAsNoService() {
    assertThat(PartitionPath.serviceSegment("service=__HIVE_DEFAULT_PARTITION__/"))
        .contains(java.util.Optional.empty());
    assertThat(PartitionPath.serviceSegment("service=a%3Ab/"))
        .contains(java.util.Optional.of("a:b"));
    assertThat(PartitionPath.serviceSegment("part-0.avro")).isEmpty();
    assertThat(PartitionPath.escape(null)).isEqualTo(PartitionPath.DEFAULT_PARTITION);
  }

  @Test
  void readsSegmentsAndSpotsHiddenOnes() {
    assertThat(PartitionPath.segmentValue("service=web%2Fapi/", "service")).contains("web/api");
    assertThat(PartitionPath.segmentValue("hour=07/", "service")).isEmpty();
    assertThat(PartitionPath.isHidden("_sluice/")).isTrue();
    assertThat(PartitionPath.isHidden(".tmp")).isTrue();
    assertThat(PartitionPath.isHidden("dt=2026-11-25/")).isFalse();
  }
}
