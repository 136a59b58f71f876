package dev.sluice.query;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a query engine did against storage: LIST requests, objects it decided to read, objects it
 * opened, bytes it streamed and rows it decoded. Thread-safe counters; {@link #snapshot()} gives an
 * immutable copy, and two snapshots subtract to the work of one query.
 */
public final class ScanStatistics {
  private final AtomicLong listRequests = new AtomicLong();
  private final AtomicLong objectsOpened = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private final AtomicLong rowsDecoded = new AtomicLong();

  public void listRequest() {
    listRequests.incrementAndGet();
  }

  public void objectOpened() {
    objectsOpened.incrementAndGet();
  }

  public void bytesRead(long n) {
    bytesRead.addAndGet(n);
  }

  public void rowsDecoded(long n) {
    rowsDecoded.addAndGet(n);
  }

  /** The counters now. */
  public Snapshot snapshot() {
    return new Snapshot(
        listRequests.get(), objectsOpened.get(), bytesRead.get(), rowsDecoded.get());
  }

  /** Counter values at one moment. */
  public record Snapshot(long listRequests, long objectsOpened, long bytesRead, long rowsDecoded) {
    /** The work done between {@code earlier} and this snapshot. */
    public Snapshot minus(Snapshot earlier) {
      return new Snapshot(
          listRequests - earlier.listRequests,
          objectsOpened - earlier.objectsOpened,
          bytesRead - earlier.bytesRead,
          rowsDecoded - earlier.rowsDecoded);
    }
  }
}
