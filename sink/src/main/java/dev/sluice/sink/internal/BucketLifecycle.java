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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Sets a table's retention through the bucket lifecycle API, keeping every rule that is not a
 * sluice table's (other tools share the bucket), without losing another table's rules when several
 * tables start at once.
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
 * <p>S3 has no conditional write of a lifecycle configuration, so a plain read-modify-write from
 * two tables at once loses one table's rules. Instead each table first writes its own declaration
 * object {@value #DECLARATIONS}{@code <table>} (its number of days; one key per table, so no writer
 * overwrites another's), then reconciles: it lists every declaration, reads the rules, and writes
 * them back with every declared table's rules when some are missing or different, until one read
 * <i>after its own last write</i> shows every declared table's rules. The last writer of the
 * configuration therefore wrote every declaration made before its final check, and a table that
 * declared later sees its rules missing and writes again: once all have returned, every table's
 * rules are in place (S3 reads are strongly consistent after writes).
 *
 * <p>Removing {@code retention} from a table leaves its rules (and declaration) in place, as it did
 * before: delete {@code _sluice/lifecycle/<table>} and the rules by hand. A job down for longer
 * than the retention cannot be restored without loss; choose the retention longer than any outage.
 */
public final class BucketLifecycle {
  /** Where each table declares its retention, in whole days. */
  public static final String DECLARATIONS = "_sluice/lifecycle/";

  /** Reconciliation rounds before giving up (each writer that wins a round ends the contest). */
  static final int MAX_ROUNDS = 20;

  private BucketLifecycle() {}

  /** What the reconciliation needs of a bucket; {@link #of(S3Store)} is the S3 one. */
  interface Bucket {
    /** The current rules, empty when there are none. */
    List<LifecycleRule> rules() throws IOException;

    /** Replaces all rules. */
    void setRules(List<LifecycleRule> rules) throws IOException;

    /** Every table's declared retention in days, by table. */
    Map<String, Integer> declarations() throws IOException;

    /** Writes this table's declaration. */
    void declare(String table, int days) throws IOException;
  }

  /** Declares this table's retention and reconciles the bucket's rules (see the class comment). */
  public static void apply(S3Store store, String table, Duration retention) throws IOException {
    apply(of(store), table, days(retention));
  }

  static void apply(Bucket bucket, String table, int days) throws IOException {
    bucket.declare(table, days);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Map<String, Integer> declared = new TreeMap<>(bucket.declarations());
      declared.put(table, days); // ours even if a listing missed it
      List<LifecycleRule> current = bucket.rules();
      if (covers(current, declared)) {
        return;
      }
      List<LifecycleRule> rules = current;
      for (Map.Entry<String, Integer> e : declared.entrySet()) {
        rules = merge(rules, e.getKey(), e.getValue());
      }
      bucket.setRules(rules);
    }
    throw new IOException(
        "the lifecycle rules of the bucket kept changing under table "
            + table
            + " for "
            + MAX_ROUNDS
            + " rounds: is another tool rewriting them?");
  }

  /** Whether {@code rules} hold every declared table's two rules with its number of days. */
  static boolean covers(List<LifecycleRule> rules, Map<String, Integer> declared) {
    for (Map.Entry<String, Integer> e : declared.entrySet()) {
      String prefix = "sluice-" + e.getKey() + "-";
      for (String rule : List.of(prefix + "retention", prefix + "tmp")) {
        boolean present =
            rules.stream()
                .anyMatch(
                    r ->
                        rule.equals(r.id())
                            && r.expiration() != null
                            && Objects.equals(r.expiration().days(), e.getValue()));
        if (!present) {
          return false;
        }
      }
    }
    return true;
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

  /** The bucket of {@code store}: its lifecycle API and declaration objects, with retries. */
  static Bucket of(S3Store store) {
    return new Bucket() {
      @Override
      public List<LifecycleRule> rules() throws IOException {
        return store
            .retrier()
            .run(
                "read lifecycle of bucket " + store.bucket(),
                () -> {
                  LifecycleConfiguration c =
                      store
                          .client()
                          .getBucketLifecycle(
                              GetBucketLifecycleArgs.builder().bucket(store.bucket()).build())
                          .get();
                  return c == null || c.rules() == null ? List.<LifecycleRule>of() : c.rules();
                });
      }

      @Override
      public void setRules(List<LifecycleRule> rules) throws IOException {
        store
            .retrier()
            .run(
                "set lifecycle of bucket " + store.bucket(),
                () ->
                    store
                        .client()
                        .setBucketLifecycle(
                            SetBucketLifecycleArgs.builder()
                                .bucket(store.bucket())
                                .config(new LifecycleConfiguration(rules))
                                .build())
                        .get());
      }

      @Override
      public Map<String, Integer> declarations() throws IOException {
        Map<String, Integer> declared = new TreeMap<>();
        for (String key : store.listKeys(DECLARATIONS)) {
          String table = key.substring(DECLARATIONS.length());
          String days = new String(store.get(key), StandardCharsets.UTF_8).strip();
          try {
            declared.put(table, Integer.parseInt(days));
          } catch (NumberFormatException e) {
            throw new IOException(
                "the retention declaration " + key + " is not a number of days: delete it");
          }
        }
        return declared;
      }

      @Override
      public void declare(String table, int days) throws IOException {
        byte[] bytes = Integer.toString(days).getBytes(StandardCharsets.UTF_8);
        store.put(DECLARATIONS + table, bytes, bytes.length);
      }
    };
  }
}
