package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.LogEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HivePartitionerTest {
  private final Partitioner<LogEvent> partitioner =
      HivePartitioner.byTimeAndService(LogEvent::getEventTime, LogEvent::getService);

  @Test
  void partitionsByUtcDayHourAndService() {
    assertThat(partitioner.partitionFor(event("2026-11-26T23:59:59.999Z", "checkout")))
        .isEqualTo("dt=2026-11-26/hour=23/service=checkout");
    assertThat(partitioner.partitionFor(event("2026-11-27T00:00:00Z", "checkout")))
        .isEqualTo("dt=2026-11-27/hour=00/service=checkout");
  }

  @Test
  void timePathAgreesWithJavaTimeAcrossYears() {
    for (String t :
        new String[] {
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59Z",
          "2000-02-29T12:30:00Z",
          "2026-11-26T09:05:00Z",
          "9999-12-31T23:00:00Z"
        }) {
      java.time.ZonedDateTime z = Instant.parse(t).atZone(java.time.ZoneOffset.UTC);
      assertThat(HivePartitioner.timePath(Instant.parse(t)))
          .isEqualTo(
              String.format(
                  "dt=%04d-%02d-%02d/hour=%02d",
                  z.getYear(), z.getMonthValue(), z.getDayOfMonth(), z.getHour()));
    }
  }

  @Test
  void escapesUnsafeCharactersTheWayHiveDoes() {
    assertThat(HivePartitioner.escape("a/b=c:d%e#f?g")).isEqualTo("a%2Fb%3Dc%3Ad%25e%23f%3Fg");
    assertThat(HivePartitioner.escape("tab\there")).isEqualTo("tab%09here");
    assertThat(HivePartitioner.escape("ünïcode-ok_1.2")).isEqualTo("ünïcode-ok_1.2");
    assertThat(partitioner.partitionFor(event("2026-11-26T08:00:00Z", "../etc")))
        .isEqualTo("dt=2026-11-26/hour=08/service=..%2Fetc");
  }

  @Test
  void unescapeReversesEscape() {
    for (String v : new String[] {"a/b=c", "100%", "x{y}[z]^", "plain"}) {
      assertThat(HivePartitioner.unescape(HivePartitioner.escape(v))).isEqualTo(v);
    }
  }

  @Test
  void emptyOrNullValuesGoToTheDefaultPartition() {
    assertThat(HivePartitioner.escape("")).isEqualTo(HivePartitioner.DEFAULT_PARTITION);
    assertThat(HivePartitioner.escape(null)).isEqualTo(HivePartitioner.DEFAULT_PARTITION);
    assertThat(HivePartitioner.unescape(HivePartitioner.DEFAULT_PARTITION)).isNull();
  }

  @Test
  void aRecordWithoutTimeFailsWithAClearMessage() {
    Partitioner<String> p = HivePartitioner.byTimeAndService(s -> null, s -> s);
    assertThatThrownBy(() -> p.partitionFor("x")).hasMessageContaining("no time to partition by");
  }

  static LogEvent event(String time, String service) {
    Instant t = Instant.parse(time);
    return LogEvent.newBuilder()
        .setId("id")
        .setEventTime(t)
        .setIngestTime(t)
        .setService(service)
        .setMessage("m")
        .build();
  }
}
