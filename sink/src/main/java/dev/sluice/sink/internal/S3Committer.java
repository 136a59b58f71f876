package dev.sluice.sink.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
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
 * its object exists was completed before). Failures are classified as in Kafka's committer:
 *
 * <ul>
 *   <li>S3 unreachable or overloaded after retries with backoff: the commit throws, the job fails
 *       over and restores, and the committables are committed again from the checkpoint.
 *   <li>The upload is gone and the object does not exist (aborted by hand, or by a lifecycle rule
 *       shorter than the job's downtime): known, not retriable; logged as data loss with the
 *       setting to check.
 *   <li>Anything else (credentials, permissions): unknown; fails the job with the S3 error.
 * </ul>
 *
 * Obsolete temporary objects are deleted with one multi-object delete per commit; one that S3
 * refuses to delete is logged and left, as it is only garbage.
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
   *     replayed after a restore counts again: the metric counts commits, the data stays exactly
   *     once)
   */
  public S3Committer(S3Store store, Counter filesCommitted) {
    this.store = store;
    this.filesCommitted = filesCommitted;
  }

  @Override
  public void commit(Collection<CommitRequest<S3Committable>> requests) throws IOException {
    List<String> obsolete = new ArrayList<>();
    for (CommitRequest<S3Committable> request : requests) {
      S3Committable c = request.getCommittable();
      if (c.hasUpload()) {
        try {
          store.complete(c.key(), c.uploadId(), c.parts());
          filesCommitted.inc();
        } catch (S3OperationException e) {
          if (e.isTransient()) {
            throw e; // fail over; the checkpoint still holds the committable
          }
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
          continue;
        }
      }
      obsolete.addAll(c.tempKeysToDelete());
    }
    deleteTemps(obsolete);
  }

  private void deleteTemps(List<String> keys) throws IOException {
    if (keys.isEmpty()) {
      return;
    }
    try {
      store.deleteAll(keys);
    } catch (S3OperationException e) {
      if (e.isTransient()) {
        throw e; // fail over and delete again after the restore
      }
      LOG.warn(
          "Could not delete {} temporary objects: {}; they are only garbage",
          keys.size(),
          e.getMessage());
    }
  }

  @Override
  public void close() {}
}
