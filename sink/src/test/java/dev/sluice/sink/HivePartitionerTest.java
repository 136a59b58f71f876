package dev.sluice.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.LogEvent;
import dev.sluice.model.layout.PartFilePath.Partition;
import java.time.Instant;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** The layout's own rules are tested in model's {@code PartFilePathTest}; here, the wiring. */
class HivePartitionerTest {
  private final Partitioner<LogEvent> partitioner =
      HivePartitioner.byTimeAndService(LogEvent::getEventTime, LogEvent::getService);

  @Test
  void partitionsByUtcDayHourAndEscapedService() {
    assertThat(partitioner.partitionFor(event("2026-11-26T23:59:59.999Z", "checkout")))
        .isEqualTo("dt=2026-11-26/hour=23/service=checkout");
    assertThat(partitioner.partitionFor(event("2026-11-27T00:00:00Z", "web/api")))
        .isEqualTo("dt=2026-11-27/hour=00/service=web%2Fapi");
    assertThat(partitioner.partitionFor(event("2026-11-27T00:00:00Z", "")))
        .isEqualTo("dt=2026-11-27/hour=00/service=__HIVE_DEFAULT_PARTITION__");
  }

  @Test
  void whatItWritesTheLayoutParsesBack() {
    String path = partitioner.partitionFor(event("2026-11-26T08:00:00Z", "a=b c"));
    assertThat(Partition.parse(path).service()).isEqualTo("a=b c");
    assertThat(
            HivePartitioner.<LogEvent>byTime(LogEvent::getEventTime)
                .partitionFor(event("2026-11-26T08:00:00Z", "x")))
        .isEqualTo("dt=2026-11-26/hour=08");
  }

  @Test
  void aRecordWithoutTimeFailsWithAClearMessage() {
    Partitioner<String> p = HivePartitioner.byTimeAndService(s -> null, s -> s);
    assertThatThrownBy(() -> p.partitionFor("x")).hasMessageContaining("no time to partition by");
  }

  @Test
  void remembersPathsPerHourAndServiceAndStaysRightPastItsCacheBound() {
    String first = partitioner.partitionFor(event("2026-11-26T08:00:01Z", "checkout"));
    assertThat(partitioner.partitionFor(event("2026-11-26T08:59:59Z", "checkout"))).isSameAs(first);
    assertThat(partitioner.partitionFor(event("2026-11-26T09:00:00Z", "checkout")))
        .isEqualTo("dt=2026-11-26/hour=09/service=checkout");
    assertThat(partitioner.partitionFor(event("2026-11-26T08:30:00Z", "search")))
        .isEqualTo("dt=2026-11-26/hour=08/service=search");
    assertThat(partitioner.partitionFor(event("1969-12-31T23:59:59Z", "old")))
        .isEqualTo("dt=1969-12-31/hour=23/service=old");
    for (int i = 0; i <= HivePartitioner.CACHED_PATHS; i++) {
      assertThat(partitioner.partitionFor(event("2026-11-26T08:00:00Z", "s" + i)))
          .isEqualTo("dt=2026-11-26/hour=08/service=s" + i);
    }
    assertThat(partitioner.partitionFor(event("2026-11-26T08:00:01Z", "checkout")))
        .isEqualTo(first);
  }

  @Test
  void partitionsTheSameAfterSerialization() throws Exception {
    partitioner.partitionFor(event("2026-11-26T08:00:01Z", "checkout"));
    Partitioner<LogEvent> copy =
        InstantiationUtil.clone(partitioner, HivePartitionerTest.class.getClassLoader());
    assertThat(copy.partitionFor(event("2026-11-26T08:00:01Z", "checkout")))
        .isEqualTo("dt=2026-11-26/hour=08/service=checkout");
    Partitioner<LogEvent> byTime = HivePartitioner.byTime(LogEvent::getEventTime);
    assertThat(
            InstantiationUtil.clone(byTime, HivePartitionerTest.class.getClassLoader())
                .partitionFor(event("2026-11-26T08:00:01Z", "checkout")))
        .isEqualTo("dt=2026-11-26/hour=08");
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
