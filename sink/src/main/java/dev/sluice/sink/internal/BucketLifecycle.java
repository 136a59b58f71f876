package dev.sluice.sink.internal;

import io.minio.GetBucketLifecycleArgs;
import io.minio.SetBucketLifecycleArgs;
import io.minio.messages.AbortIncompleteMultipartUpload;
import io.minio.messages.Expiration;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.LifecycleRule;
import io.minio.messages.RuleFilter;
import io.minio.messages.Status;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Sets a table's retention through the bucket lifecycle API, keeping every rule that is not this
 * table's (other tables and other tools share the bucket).
 *
 * <p>Rules, with ids {@code sluice-<table>-…}:
 *
 * <ul>
 *   <li>{@code retention}: objects under {@code <table>/} expire after the retention (whole days).
 *   <li>{@code tmp}: temporary objects under {@code _sluice/tmp/<table>/} expire after the same
 *       number of days, and multipart uploads under {@code <table>/} not completed after that many
 *       days are aborted: leftovers of attempts no restore will ever finish.
 * </ul>
 *
 * A job down for longer than the retention cannot be restored without loss; choose the retention
 * longer than any outage.
 */
public final class BucketLifecycle {
  private BucketLifecycle() {}

  /** Reads the bucket's rules, replaces this table's, writes them back. */
  public static void apply(S3Store store, String table, Duration retention) throws IOException {
    int days = days(retention);
    store
        .retrier()
        .run(
            "set lifecycle of bucket " + store.bucket(),
            () -> {
              LifecycleConfiguration current =
                  store
                      .client()
                      .getBucketLifecycle(
                          GetBucketLifecycleArgs.builder().bucket(store.bucket()).build())
                      .get();
              List<LifecycleRule> rules =
                  merge(current == null ? List.of() : current.rules(), table, days);
              store
                  .client()
                  .setBucketLifecycle(
                      SetBucketLifecycleArgs.builder()
                          .bucket(store.bucket())
                          .config(new LifecycleConfiguration(rules))
                          .build())
                  .get();
              return null;
            });
  }

  /** Whole days of a retention, at least 1. */
  static int days(Duration retention) {
    long days = retention.toDays();
    if (days < 1) {
      throw new IllegalArgumentException("retention must be at least one day, got " + retention);
    }
    return (int) Math.min(days, Integer.MAX_VALUE);
  }

  /** {@code existing} without this table's rules, plus this table's rules for {@code days}. */
  static List<LifecycleRule> merge(List<LifecycleRule> existing, String table, int days) {
    String prefix = "sluice-" + table + "-";
    List<LifecycleRule> rules = new ArrayList<>();
    for (LifecycleRule r : existing) {
      if (r.id() == null || !r.id().startsWith(prefix)) {
        rules.add(r);
      }
    }
    rules.add(
        new LifecycleRule(
            Status.ENABLED,
            new AbortIncompleteMultipartUpload(days),
            new Expiration((ZonedDateTime) null, days, null),
            new RuleFilter(table + "/"),
            prefix + "retention",
            null,
            null,
            null));
    rules.add(
        new LifecycleRule(
            Status.ENABLED,
            null,
            new Expiration((ZonedDateTime) null, days, null),
            new RuleFilter(TempKeys.tablePrefix(table)),
            prefix + "tmp",
            null,
            null,
            null));
    return rules;
  }
}
