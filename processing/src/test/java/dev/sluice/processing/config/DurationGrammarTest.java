package dev.sluice.processing.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.config.Durations;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;

/**
 * Sluice's one duration grammar ({@link Durations}, which the shipper uses without flink-core)
 * reads every value Flink's {@link TimeUtils} reads as Flink does, so a job flag and a shipper
 * setting written alike mean the same.
 */
class DurationGrammarTest {
  private static final String[] FLINK_VALUES = {
    "0",
    "250",
    "10ns",
    "10 nano",
    "10 nanos",
    "7 nanosecond",
    "7 nanoseconds",
    "10µs",
    "3 micro",
    "3 micros",
    "3 microsecond",
    "3 microseconds",
    "500ms",
    "500 milli",
    "500 millis",
    "500 millisecond",
    "500 milliseconds",
    "90s",
    "90 sec",
    "90 secs",
    "90 second",
    "90 seconds",
    "5m",
    "5min",
    "5 min",
    "5 minute",
    "5 minutes",
    "2h",
    "2 hour",
    "2 hours",
    "7d",
    "7 day",
    "7 days",
    " 12 S ",
    "3 MIN",
    "1000000000000ms"
  };

  @Test
  void readsEveryFlinkValueAsFlinkDoes() {
    for (String value : FLINK_VALUES) {
      assertThat(Durations.parse(value)).as(value).isEqualTo(TimeUtils.parseDuration(value));
    }
  }

  @Test
  void rejectsWhatFlinkRejects() {
    for (String value : new String[] {"", "m", "7.5m", "-5s", "5 parsecs", "1e3s"}) {
      assertThatThrownBy(() -> TimeUtils.parseDuration(value)).as("Flink: " + value);
      assertThatThrownBy(() -> Durations.parse(value))
          .as("Sluice: " + value)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
