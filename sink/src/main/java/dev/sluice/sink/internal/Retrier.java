package dev.sluice.sink.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an S3 call, retrying failures that {@link S3Failures#isRetriable may pass} with exponential
 * backoff, and gives up with an {@link IOException} naming the operation and the last cause. Giving
 * up fails the checkpoint or the commit, never the data: Flink restores and tries again.
 *
 * <p>Hand-written (a dozen lines) rather than a retry library, to keep the job jar small.
 */
public final class Retrier implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  private final int maxAttempts;
  private final long initialBackoffMillis;
  private final long maxBackoffMillis;

  /**
   * @param maxAttempts attempts in all, at least 1
   * @param initialBackoff wait after the first failure; doubled each time
   * @param maxBackoff the longest wait
   */
  public Retrier(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.initialBackoffMillis = initialBackoff.toMillis();
    this.maxBackoffMillis = maxBackoff.toMillis();
  }

  /** An S3 call. */
  @FunctionalInterface
  public interface Call<R> {
    /** Makes the call. */
    R call() throws Exception;
  }

  /**
   * Calls {@code call} until it succeeds, fails in a way retrying cannot fix, or runs out of
   * attempts.
   *
   * @param what the operation, for messages, e.g. "upload part 3 of logs/…/part-….avro"
   * @throws IOException when giving up; its cause is the last failure
   */
  public <R> R run(String what, Call<R> call) throws IOException {
    long backoff = initialBackoffMillis;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (Exception e) {
        Throwable cause = S3Failures.unwrap(e);
        if (cause instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted during " + what);
        }
        if (!S3Failures.isRetriable(cause)) {
          throw new S3OperationException(what, cause, false);
        }
        if (attempt >= maxAttempts) {
          throw new S3OperationException(
              what + " (gave up after " + attempt + " attempts)", cause, true);
        }
        LOG.warn(
            "{} failed (attempt {}/{}): {}; retrying in {} ms",
            what,
            attempt,
            maxAttempts,
            S3Failures.describe(cause),
            backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted during " + what);
        }
        backoff = Math.min(maxBackoffMillis, backoff * 2);
      }
    }
  }
}
