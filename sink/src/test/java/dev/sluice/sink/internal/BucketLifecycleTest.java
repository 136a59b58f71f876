package dev.sluice.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.minio.messages.Expiration;
import io.minio.messages.LifecycleRule;
import io.minio.messages.RuleFilter;
import io.minio.messages.Status;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
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

  /**
   * A bucket's lifecycle configuration and declaration objects in memory (S3Proxy 4.1, our test S3
   * server, has no lifecycle API). Each operation is atomic, as on S3; the first read of the rules
   * by each of {@code parties} threads waits until all have made it, which forces the lost update
   * of a plain read-modify-write: everyone reads the same rules before anyone writes.
   */
  private static final class TwoReadersFirstBucket implements BucketLifecycle.Bucket {
    private final CyclicBarrier firstReads;
    private final Set<Thread> hasRead = new HashSet<>();
    private List<LifecycleRule> rules;
    private final Map<String, Integer> declarations = new HashMap<>();
    int writes;

    TwoReadersFirstBucket(int parties, List<LifecycleRule> initial) {
      this.firstReads = new CyclicBarrier(parties);
      this.rules = List.copyOf(initial);
    }

    @Override
    public List<LifecycleRule> rules() {
      List<LifecycleRule> read;
      boolean first;
      synchronized (this) {
        read = rules;
        first = hasRead.add(Thread.currentThread());
      }
      if (first) {
        try {
          firstReads.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return read;
    }

    @Override
    public synchronized void setRules(List<LifecycleRule> rules) {
      this.rules = List.copyOf(rules);
      writes++;
    }

    @Override
    public synchronized Map<String, Integer> declarations() {
      return new HashMap<>(declarations);
    }

    @Override
    public synchronized void declare(String table, int days) {
      declarations.put(table, days);
    }

    synchronized List<LifecycleRule> current() {
      return rules;
    }
  }

  @Test
  void tablesStartingAtOnceKeepEachOthersRules() throws Exception {
    List<String> tables = List.of("logs", "stats", "anomalies", "rejects");
    TwoReadersFirstBucket bucket =
        new TwoReadersFirstBucket(tables.size(), List.of(rule("someone-elses", "exports/", 3)));

    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      String table = tables.get(i);
      int days = 7 + i;
      starts.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  BucketLifecycle.apply(bucket, table, days);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              r -> new Thread(r, "subtask-0-of-" + table).start()));
    }
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    assertThat(bucket.current())
        .extracting(LifecycleRule::id)
        .containsExactlyInAnyOrder(
            "someone-elses",
            "sluice-logs-retention",
            "sluice-logs-tmp",
            "sluice-stats-retention",
            "sluice-stats-tmp",
            "sluice-anomalies-retention",
            "sluice-anomalies-tmp",
            "sluice-rejects-retention",
            "sluice-rejects-tmp");
    assertThat(BucketLifecycle.covers(bucket.current(), Map.of("stats", 8, "rejects", 10)))
        .isTrue();
  }

  @Test
  void writesNothingWhenTheRulesAreAlreadyInPlace() throws Exception {
    TwoReadersFirstBucket bucket =
        new TwoReadersFirstBucket(1, BucketLifecycle.merge(List.of(), "logs", 7));
    BucketLifecycle.apply(bucket, "logs", 7);
    assertThat(bucket.writes).isZero();
    BucketLifecycle.apply(bucket, "logs", 9);
    assertThat(bucket.writes).isEqualTo(1);
    assertThat(BucketLifecycle.covers(bucket.current(), Map.of("logs", 9))).isTrue();
  }
}
