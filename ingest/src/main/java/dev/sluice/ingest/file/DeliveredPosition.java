package dev.sluice.ingest.file;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>A batch may also carry a {@link Listener} (see {@link #openBatch(Listener)}), told exactly
 * once when the batch is sealed and all its records are acknowledged, or when Kafka refused one of
 * them for good: the HTTP source answers a request only then.
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
    return openBatch(null);
  }

  /**
   * Opens the next batch whose {@code listener} (if not null) is told once how it ended: {@link
   * Listener#delivered()} after it is sealed and every record in it acknowledged, or {@link
   * Listener#failed} at the first record Kafka refused for good.
   */
  public synchronized Batch openBatch(Listener listener) {
    Batch batch = new Batch(listener);
    batches.addLast(batch);
    return batch;
  }

  /** Learns how a batch ended; called on a Kafka producer thread, so it must not block. */
  public interface Listener {
    /** Every record of the sealed batch is acknowledged. */
    void delivered();

    /** Kafka refused a record of the batch for good (not retried). */
    void failed(RuntimeException cause);
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
    private final AtomicBoolean told = new AtomicBoolean();
    private final Listener listener;
    private volatile long end = -1;

    private Batch(Listener listener) {
      this.listener = listener;
    }

    /** Counts one more record sent in this batch. */
    public void sent() {
      pending.incrementAndGet();
    }

    /** Counts one record of this batch acknowledged. Thread-safe. */
    public void acknowledged() {
      if (pending.decrementAndGet() == 0) {
        tellDelivered();
      }
    }

    /** Kafka refused a record of this batch for good; the batch never completes. Thread-safe. */
    public void failed(RuntimeException cause) {
      if (listener != null && told.compareAndSet(false, true)) {
        listener.failed(cause);
      }
    }

    /** No more records in this batch; everything before {@code endPosition} belongs to it. */
    public void seal(long endPosition) {
      end = endPosition;
      handedOff = endPosition;
      if (pending.decrementAndGet() == 0) {
        tellDelivered();
      }
    }

    private void tellDelivered() {
      if (listener != null && told.compareAndSet(false, true)) {
        listener.delivered();
      }
    }

    boolean isComplete() {
      return pending.get() == 0;
    }
  }
}
