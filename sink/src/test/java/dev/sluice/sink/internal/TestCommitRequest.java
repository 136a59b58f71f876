package dev.sluice.sink.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;

/** A commit request that records what the committer signalled. */
final class TestCommitRequest implements CommitRequest<S3Committable> {
  private final S3Committable committable;
  Throwable failedKnown;
  Throwable failedUnknown;
  boolean retryLater;

  TestCommitRequest(S3Committable committable) {
    this.committable = committable;
  }

  static List<CommitRequest<S3Committable>> of(Collection<S3Committable> committables) {
    List<CommitRequest<S3Committable>> requests = new ArrayList<>();
    for (S3Committable c : committables) {
      requests.add(new TestCommitRequest(c));
    }
    return requests;
  }

  @Override
  public S3Committable getCommittable() {
    return committable;
  }

  @Override
  public int getNumberOfRetries() {
    return 0;
  }

  @Override
  public void signalFailedWithKnownReason(Throwable t) {
    failedKnown = t;
  }

  @Override
  public void signalFailedWithUnknownReason(Throwable t) {
    failedUnknown = t;
  }

  @Override
  public void retryLater() {
    retryLater = true;
  }

  @Override
  public void updateAndRetryLater(S3Committable committable) {
    retryLater = true;
  }

  @Override
  public void signalAlreadyCommitted() {}
}
