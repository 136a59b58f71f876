package dev.sluice.sink.internal;

import java.io.IOException;

/**
 * An S3 call that failed for good: the message names the operation and the S3 error (never a
 * credential); {@link #isTransient()} says whether the store was unreachable or overloaded (so a
 * later retry, after Flink restores, may succeed) rather than refusing the request.
 */
public final class S3OperationException extends IOException {
  private static final long serialVersionUID = 1L;
  private final boolean transientFailure;
  private final String code;

  /** Wraps {@code cause} for {@code what}. */
  public S3OperationException(String what, Throwable cause, boolean transientFailure) {
    super(what + " failed: " + S3Failures.describe(cause), cause);
    this.transientFailure = transientFailure;
    this.code = S3Failures.code(cause);
  }

  /** Whether retrying later may succeed. */
  public boolean isTransient() {
    return transientFailure;
  }

  /** The S3 error code, or null. */
  public String code() {
    return code;
  }
}
