package dev.sluice.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampParserTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2024-03-10T12:00:00Z"), ZoneOffset.UTC);
  private final TimestampParser utc = new TimestampParser(ZoneOffset.UTC, NOW);
  private final TimestampParser paris = new TimestampParser(ZoneId.of("Europe/Paris"), NOW);

  @Test
  void readsIsoVariantsWithAndWithoutOffsets() {
    assertThat(utc.parse("2024-01-15T10:23:45Z")).isEqualTo("2024-01-15T10:23:45Z");
    assertThat(utc.parse("2024-01-15T10:23:45.123456789+01:00"))
        .isEqualTo("2024-01-15T09:23:45.123456789Z");
    assertThat(utc.parse("2024-01-15 10:23:45,123")).isEqualTo("2024-01-15T10:23:45.123Z");
    assertThat(utc.parse("2024-01-15 10:23:45 -0700")).isEqualTo("2024-01-15T17:23:45Z");
    assertThat(utc.parse("2024/01/15 10:23:45")).isEqualTo("2024-01-15T10:23:45Z");
    assertThat(utc.parse("2024-01-15T10:23+05")).isEqualTo("2024-01-15T05:23:00Z");
    assertThat(utc.parse("2024-01-15")).isEqualTo("2024-01-15T00:00:00Z");
  }

  @Test
  void computesTheSameInstantsAsJavaTimeForExplicitOffsets() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(16);
    java.time.format.DateTimeFormatter apache =
        java.time.format.DateTimeFormatter.ofPattern(
            "dd/MMM/yyyy:HH:mm:ss xx", java.util.Locale.ROOT);
    for (int i = 0; i < 5000; i++) {
      java.time.OffsetDateTime time =
          java.time.OffsetDateTime.of(
              java.time.LocalDateTime.ofEpochSecond(
                  random.nextLong(-62_000_000_000L, 250_000_000_000L),
                  random.nextInt(1_000_000_000),
                  ZoneOffset.UTC),
              ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60));
      if (time.getYear() < 0 || time.getYear() > 9999) {
        continue;
      }
      assertThat(utc.parse(time.toString())).as(time.toString()).isEqualTo(time.toInstant());
      String clf = apache.format(time);
      assertThat(utc.scanApache(clf, 0).instant())
          .as(clf)
          .isEqualTo(time.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
  }

  @Test
  void readsTimestampsWithoutOffsetInTheDefaultZone() {
    assertThat(paris.parse("2024-01-15 10:23:45")).isEqualTo("2024-01-15T09:23:45Z");
    assertThat(paris.parse("2024-07-15 10:23:45")).isEqualTo("2024-07-15T08:23:45Z");
    assertThat(paris.parse("2024-07-15T10:23:45Z")).isEqualTo("2024-07-15T10:23:45Z");
  }

  @Test
  void tellsEpochUnitsBySize() {
    assertThat(utc.parse("1700000000")).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(utc.parse("1700000000.5")).isEqualTo("2023-11-14T22:13:20.500Z");
    assertThat(utc.parse("1700000000123")).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(utc.parse("1700000000123456")).isEqualTo("2023-11-14T22:13:20.123456Z");
    assertThat(utc.parse("1700000000123456789")).isEqualTo("2023-11-14T22:13:20.123456789Z");
    assertThat(utc.parse("12345")).isNull();
  }

  @Test
  void readsApacheTimestamps() {
    assertThat(utc.parse("10/Oct/2000:13:55:36 -0700")).isEqualTo("2000-10-10T20:55:36Z");
    assertThat(paris.parse("10/Oct/2000:13:55:36")).isEqualTo("2000-10-10T11:55:36Z");
  }

  @Test
  void infersTheYearOfSyslogTimestamps() {
    assertThat(utc.parse("Mar  9 22:14:15")).isEqualTo("2024-03-09T22:14:15Z");
    assertThat(utc.parse("Dec 31 23:59:59")).isEqualTo("2023-12-31T23:59:59Z");
    assertThat(utc.parse("Mar 15 08:00:00.250")).isEqualTo("2024-03-15T08:00:00.250Z");
  }

  @Test
  void returnsNullForBadDatesWithoutThrowing() {
    for (String bad :
        new String[] {
          "2024-13-01T00:00:00Z",
          "2024-02-31 10:00:00",
          "2024-01-15T25:00:00Z",
          "not a date",
          "",
          "   ",
          "2024-01-15T10:23:45+99:00x",
          "32/Oct/2000:13:55:36 -0700",
          "Foo 11 22:14:15",
          "\u0000\uFFFF\uD800",
          "9".repeat(100),
          "2024-01-15T10:23:45Zulu"
        }) {
      assertThat(utc.parse(bad)).as(bad).isNull();
    }
  }

  @Test
  void scansATimestampAtTheStartOfALongerText() {
    TimestampParser.Scan scan = utc.scanIso("2024-01-15 10:23:45.123 [main] INFO x - y", 0);
    assertThat(scan.instant()).isEqualTo("2024-01-15T10:23:45.123Z");
    assertThat(scan.end()).isEqualTo(23);
    assertThat(utc.scanIso("2024-01-15 10:23:45,123 - app - INFO - m", 0).end()).isEqualTo(23);
  }
}
