package dev.sluice.ingest.file;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The position in one source up to which every record has been acknowledged by Kafka.
 *
 * <p>Records are handed to delivery in batches (one per read of the file). A batch counts its
 * records as they are sent and as they are acknowledged; once it is sealed with the position after
 * its last record and every record in it is acknowledged, and every earlier batch is too, {@link
 * #delivered()} moves to that position. Acknowledgements may arrive in any order and on any thread;
 * a batch whose records never get acknowledged holds the position where it is, so a saved position
 * never skips an unacknowledged record.
 */
public final class DeliveredPosition {
  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private long delivered;
  private volatile long handedOff;

  /** Starts at {@code start}: everything before it counts as delivered. */
  public DeliveredPosition(long start) {
    this.delivered = start;
    this.handedOff = start;
  }

  /** Opens the next batch. Only one thread (the reader) opens and seals batches. */
  public synchronized Batch openBatch() {
    Batch batch = new Batch();
    batches.addLast(batch);
    return batch;
  }

  /** The position after the last record handed to delivery (sealed batches). */
  public long handedOff() {
    return handedOff;
  }

  /** The position up to which everything is acknowledged. */
  public synchronized long delivered() {
    while (!batches.isEmpty() && batches.peekFirst().isComplete()) {
      delivered = batches.pollFirst().end;
    }
    return delivered;
  }

  /** Whether every record handed off has been acknowledged. */
  public boolean allDelivered() {
    return delivered() == handedOff && pendingBatches() == 0;
  }

  private synchronized int pendingBatches() {
    return batches.size();
  }

  /** Records read together; see {@link DeliveredPosition}. */
  public final class Batch {
    private final AtomicInteger pending = new AtomicInteger(1);
    private volatile long end = -1;

    private Batch() {}

    /** Counts one more record sent in this batch. */
    public void sent() {
      pending.incrementAndGet();
    }

    /** Counts one record of this batch acknowledged. Thread-safe. */
    public void acknowledged() {
      pending.decrementAndGet();
    }

    /** No more records in this batch; everything before {@code endPosition} belongs to it. */
    public void seal(long endPosition) {
      end = endPosition;
      handedOff = endPosition;
      pending.decrementAndGet();
    }

    boolean isComplete() {
      return pending.get() == 0;
    }
  }
}
