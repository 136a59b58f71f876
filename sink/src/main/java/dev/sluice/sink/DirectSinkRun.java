package dev.sluice.sink;

import dev.sluice.sink.internal.S3Committable;
import dev.sluice.sink.internal.S3Committer;
import dev.sluice.sink.internal.S3SinkWriter;
import dev.sluice.sink.internal.S3Store;
import dev.sluice.sink.internal.WriterIdentity;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.flink.api.connector.sink2.Committer.CommitRequest;

/**
 * Runs an {@link S3Sink}'s own writer and committer the way Flink calls them — {@code write}, then
 * at each {@link #checkpoint()} {@code prepareCommit} + {@code snapshotState} and a commit, and at
 * {@link #finish()} the end of input — in this thread, without a Flink cluster. For benchmarks and
 * test fixtures that must store exactly what the pipeline stores (keys, partitions, escaping, Avro
 * files), at a fraction of a MiniCluster's start-up.
 *
 * <p>Each run is one writer (subtask 0 of a job of parallelism 1) with a fresh random job id, so
 * runs into the same table never share a key. Nothing is visible before a checkpoint's commit; a
 * commit the committer asks to retry is retried a few times, then fails the run.
 *
 * @param <T> the record type
 */
public final class DirectSinkRun<T> implements AutoCloseable {
  private static final int COMMIT_ATTEMPTS = 5;

  private final S3SinkWriter<T> writer;
  private final S3Committer committer;
  private long checkpoint;
  private boolean finished;

  /** Opens the writer and committer of {@code sink}, creating its bucket if it says so. */
  public DirectSinkRun(S3Sink<T> sink) throws IOException {
    S3Store store =
        new S3Store(sink.settings().connection(), sink.bucket(), sink.settings().retrier());
    if (sink.settings().createBucket()) {
      store.ensureBucket();
    }
    String jobId = UUID.randomUUID().toString().replace("-", "");
    this.writer =
        new S3SinkWriter<>(
            sink.settings(),
            store,
            WriterIdentity.of(jobId, 0, 1, OptionalLong.empty(), List.of()),
            Clock.systemUTC(),
            List.of(),
            null);
    // the writer and the committer own (and close) a store each, as in a Flink job
    this.committer =
        new S3Committer(
            new S3Store(sink.settings().connection(), sink.bucket(), sink.settings().retrier()));
  }

  /** Writes everything in {@code records} through {@code sink}, then commits it. */
  public static <T> void writeAll(S3Sink<T> sink, Iterator<? extends T> records)
      throws IOException, InterruptedException {
    try (DirectSinkRun<T> run = new DirectSinkRun<>(sink)) {
      while (records.hasNext()) {
        run.write(records.next());
      }
      run.finish();
    }
  }

  /** Writes one record into its partition's open file. */
  public void write(T record) throws IOException, InterruptedException {
    writer.write(record, null);
  }

  /** A checkpoint: what the writer finished is committed; open files stay open. */
  public void checkpoint() throws IOException, InterruptedException {
    Collection<S3Committable> committables = writer.prepareCommit();
    writer.snapshotState(++checkpoint);
    commit(committables);
  }

  /** The end of input: every open file is finished and committed. */
  public void finish() throws IOException, InterruptedException {
    writer.flush(true);
    commit(writer.prepareCommit());
    finished = true;
  }

  private void commit(Collection<S3Committable> committables)
      throws IOException, InterruptedException {
    List<Request> pending = new ArrayList<>();
    for (S3Committable c : committables) {
      pending.add(new Request(c));
    }
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      committer.commit(new ArrayList<>(pending));
      pending.removeIf(r -> !r.retry);
      if (!pending.isEmpty() && attempt == COMMIT_ATTEMPTS) {
        throw new IOException(
            "commit of "
                + pending.get(0).committable.key()
                + " still asks to be retried after "
                + COMMIT_ATTEMPTS
                + " attempts");
      }
      pending.forEach(r -> r.retry = false);
    }
  }

  /**
   * Closes the writer and the committer (and their S3 clients); a run that was not {@link
   * #finish()}ed leaves nothing visible.
   */
  @Override
  public void close() throws IOException {
    try (S3Committer closing = committer) {
      writer.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) { // whatever the writer's close declares
      throw new IOException(finished ? "closing the writer failed" : "aborting the run failed", e);
    }
  }

  /** A commit request outside Flink: failures become exceptions, retries are remembered. */
  private static final class Request implements CommitRequest<S3Committable> {
    private S3Committable committable;
    private boolean retry;

    Request(S3Committable committable) {
      this.committable = committable;
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
      throw new IllegalStateException("commit failed: " + t.getMessage(), t);
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      throw new IllegalStateException("commit failed: " + t.getMessage(), t);
    }

    @Override
    public void retryLater() {
      retry = true;
    }

    @Override
    public void updateAndRetryLater(S3Committable c) {
      committable = c;
      retry = true;
    }

    @Override
    public void signalAlreadyCommitted() {}
  }
}
