package dev.sluice.sink.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes finished part files visible once their checkpoint completes, by completing their multipart
 * uploads, then deletes the temporary objects that checkpoint made obsolete.
 *
 * <p>Guarantees: committing what is already committed is a success (an upload that is gone while
 * its object exists was completed before), so a request may be committed any number of times.
 * Failures are classified as in flink-connector-kafka's {@code KafkaCommitter}:
 *
 * <ul>
 *   <li><b>Retry later</b>: S3 unreachable, slow or overloaded after the store's own retries with
 *       backoff. The request and every request after it in this call are handed back with {@link
 *       CommitRequest#retryLater()}: Flink commits them again (up to {@code sink.committer.retries}
 *       times, then it fails over and they are committed again from the checkpoint). A brief outage
 *       therefore costs no job failover.
 *   <li><b>Known fatal</b>: the upload is gone and the object does not exist (aborted by hand, or
 *       by a lifecycle rule shorter than the job's downtime). Logged as data loss with the setting
 *       to check; {@link CommitRequest#signalFailedWithKnownReason} lets the job go on.
 *   <li><b>Unknown</b> (credentials, permissions, a request S3 refuses): {@link
 *       CommitRequest#signalFailedWithUnknownReason} fails the job with the S3 error.
 * </ul>
 *
 * Obsolete temporary objects are deleted with one multi-object delete per call; S3 unreachable
 * hands the requests that made them obsolete back for a later retry; one that S3 refuses to delete
 * is logged and left, as it is only garbage.
 *
 * <p>The committer owns its {@link S3Store} and closes it in {@link #close()}.
 */
public final class S3Committer implements Committer<S3Committable> {
  private static final Logger LOG = LoggerFactory.getLogger(S3Committer.class);

  private final S3Store store;
  private final Counter filesCommitted;

  /** A committer over {@code store} that counts nowhere. */
  public S3Committer(S3Store store) {
    this(store, new SimpleCounter());
  }

  /**
   * A committer over {@code store}.
   *
   * @param filesCommitted incremented once for every part file this committer completes (a commit
   *     replayed after a restore or retried later counts again: the metric counts commits, the data
   *     stays exactly once)
   */
  public S3Committer(S3Store store, Counter filesCommitted) {
    this.store = store;
    this.filesCommitted = filesCommitted;
  }

  @Override
  public void commit(Collection<CommitRequest<S3Committable>> requests) throws IOException {
    List<CommitRequest<S3Committable>> withTemps = new ArrayList<>();
    List<String> obsolete = new ArrayList<>();
    Iterator<CommitRequest<S3Committable>> it = requests.iterator();
    while (it.hasNext()) {
      CommitRequest<S3Committable> request = it.next();
      S3Committable c = request.getCommittable();
      if (c.hasUpload()) {
        try {
          store.complete(c.key(), c.uploadId(), c.parts());
          filesCommitted.inc();
        } catch (S3OperationException e) {
          if (e.isTransient()) {
            retryLater(request, it, e);
            break;
          }
          signalFailed(request, c, e);
          continue;
        }
      }
      if (!c.tempKeysToDelete().isEmpty()) {
        withTemps.add(request);
        obsolete.addAll(c.tempKeysToDelete());
      }
    }
    deleteTemps(obsolete, withTemps);
  }

  private static void retryLater(
      CommitRequest<S3Committable> failed,
      Iterator<CommitRequest<S3Committable>> rest,
      S3OperationException e) {
    int count = 1;
    failed.retryLater();
    while (rest.hasNext()) {
      rest.next().retryLater();
      count++;
    }
    LOG.warn(
        "{}; {} commit requests will be retried (retry {} of this request; check that the S3"
            + " endpoint is reachable, or raise sink.committer.retries)",
        e.getMessage(),
        count,
        failed.getNumberOfRetries() + 1);
  }

  private static void signalFailed(
      CommitRequest<S3Committable> request, S3Committable c, S3OperationException e) {
    if ("NoSuchUpload".equals(e.code())) {
      LOG.error(
          "Part file {} cannot be committed: its multipart upload {} no longer exists and the"
              + " object was never completed. Its records are lost. Check for a bucket"
              + " lifecycle rule (AbortIncompleteMultipartUpload) shorter than the time the"
              + " job was down, or someone aborting uploads by hand.",
          c.key(),
          c.uploadId());
      request.signalFailedWithKnownReason(e);
    } else {
      request.signalFailedWithUnknownReason(e);
    }
  }

  private void deleteTemps(List<String> keys, List<CommitRequest<S3Committable>> owners)
      throws IOException {
    if (keys.isEmpty()) {
      return;
    }
    try {
      store.deleteAll(keys);
    } catch (S3OperationException e) {
      if (e.isTransient()) {
        // completing an upload again is a success, so the whole request may be retried
        owners.forEach(CommitRequest::retryLater);
        LOG.warn("{}; deleting {} temporary objects will be retried", e.getMessage(), keys.size());
        return;
      }
      LOG.warn(
          "Could not delete {} temporary objects: {}; they are only garbage",
          keys.size(),
          e.getMessage());
    }
  }

  /** Closes the S3 client, which this committer owns. */
  @Override
  public void close() {
    store.close();
  }
}
