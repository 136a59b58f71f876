package dev.sluice.appenders.core;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of the events an appender was given. Every event handed to {@link EventShipper#ship}
 * ends in exactly one counter once the appender has stopped: delivered, dropped (the buffer was
 * full, or the event could not be built, or Kafka refused it, or it was still unacknowledged when
 * the flush timeout ran out), or ignored (the appender's own or Kafka's logging). Thread-safe.
 */
public final class DeliveryCounters {
  private final LongAdder delivered = new LongAdder();
  private final LongAdder droppedBufferFull = new LongAdder();
  private final LongAdder droppedFailed = new LongAdder();
  private final LongAdder ignored = new LongAdder();
  private final AtomicReference<Throwable> lastFailure = new AtomicReference<>();

  void countDelivered() {
    delivered.increment();
  }

  void countBufferFull() {
    droppedBufferFull.increment();
  }

  void countFailed(Throwable cause) {
    droppedFailed.increment();
    if (cause != null) {
      lastFailure.set(cause);
    }
  }

  void countIgnored() {
    ignored.increment();
  }

  /** Events Kafka acknowledged. */
  public long delivered() {
    return delivered.sum();
  }

  /** Events lost, for whatever reason. */
  public long dropped() {
    return droppedBufferFull.sum() + droppedFailed.sum();
  }

  /** Events dropped because the buffer was full (or the appender was stopping). */
  public long droppedBufferFull() {
    return droppedBufferFull.sum();
  }

  /** Events dropped because they could not be built or delivered. */
  public long droppedFailed() {
    return droppedFailed.sum();
  }

  /** Why the latest event counted in {@link #droppedFailed()} was lost, or null. */
  public Throwable lastFailure() {
    return lastFailure.get();
  }

  /** Events not shipped by design: Kafka's own logging and anything logged while shipping. */
  public long ignored() {
    return ignored.sum();
  }
}
