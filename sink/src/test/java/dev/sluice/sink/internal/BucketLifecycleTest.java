package dev.sluice.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.messages.Expiration;
import io.minio.messages.LifecycleRule;
import io.minio.messages.RuleFilter;
import io.minio.messages.Status;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketLifecycleTest {
  private static LifecycleRule rule(String id, String prefix, int days) {
    return new LifecycleRule(
        Status.ENABLED,
        null,
        new Expiration((ZonedDateTime) null, days, null),
        new RuleFilter(prefix),
        id,
        null,
        null,
        null);
  }

  @Test
  void replacesThisTablesRulesAndKeepsEveryOtherRule() {
    List<LifecycleRule> existing =
        List.of(
            rule("someone-elses", "exports/", 3),
            rule("sluice-stats-retention", "stats/", 30),
            rule("sluice-logs-retention", "logs/", 7),
            rule("sluice-logs-tmp", "_sluice/tmp/logs/", 7));

    List<LifecycleRule> merged = BucketLifecycle.merge(existing, "logs", 14);

    assertThat(merged)
        .extracting(LifecycleRule::id)
        .containsExactly(
            "someone-elses", "sluice-stats-retention", "sluice-logs-retention", "sluice-logs-tmp");
    LifecycleRule retention = merged.get(2);
    assertThat(retention.filter().prefix()).isEqualTo("logs/");
    assertThat(retention.expiration().days()).isEqualTo(14);
    assertThat(retention.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(14);
    assertThat(merged.get(3).filter().prefix()).isEqualTo("_sluice/tmp/logs/");
  }

  @Test
  void retentionIsWholeDays() {
    assertThat(BucketLifecycle.days(Duration.ofDays(30))).isEqualTo(30);
    assertThatThrownBy(() -> BucketLifecycle.days(Duration.ofHours(23)))
        .hasMessageContaining("at least one day");
  }
}
