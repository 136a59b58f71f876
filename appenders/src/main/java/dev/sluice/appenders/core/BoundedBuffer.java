package dev.sluice.appenders.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The encoded events that wait for Kafka, bounded by count and by bytes. An event holds its place
 * from {@link #tryReserveSlot} until {@link #release}, which the sender calls when Kafka has
 * answered for it, so the bound covers both the queue and the producer's unacknowledged records.
 *
 * <p>Guarantees: {@link #tryReserveSlot} and {@link #offer} never wait (lock-free permits and a
 * briefly locked linked queue). After {@link #closeAndDrain} no offer succeeds, and every offer
 * that did succeed is either in the returned list or was polled before: nothing is lost uncounted.
 */
final class BoundedBuffer {
  private final int maxEvents;
  private final int maxBytes;
  private final Semaphore slots;
  private final Semaphore bytes;
  private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  BoundedBuffer(int maxEvents, int maxBytes) {
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
    this.slots = new Semaphore(maxEvents);
    this.bytes = new Semaphore(maxBytes);
  }

  /** Takes a place for one event, or returns false at once if there is none. */
  boolean tryReserveSlot() {
    return !closed && slots.tryAcquire();
  }

  /** Gives back a place taken by {@link #tryReserveSlot} for an event that was not offered. */
  void releaseSlot() {
    slots.release();
  }

  /**
   * Queues an event for which a slot is reserved. On false the slot is released and the event is
   * not queued.
   */
  boolean offer(byte[] value) {
    if (!bytes.tryAcquire(value.length)) {
      slots.release();
      return false;
    }
    queue.add(value);
    if (closed && queue.remove(value)) {
      release(value.length);
      return false;
    }
    return true;
  }

  /** The next queued event, waiting up to {@code timeout}; null if none came. */
  byte[] poll(long timeout, TimeUnit unit) throws InterruptedException {
    return queue.poll(timeout, unit);
  }

  /** The next queued event, or null. */
  byte[] pollNow() {
    return queue.poll();
  }

  /** Frees the place of an event that Kafka answered for (or that was given up). */
  void release(int valueBytes) {
    bytes.release(valueBytes);
    slots.release();
  }

  /** Refuses further offers and returns what is still queued. */
  List<byte[]> closeAndDrain() {
    closed = true;
    List<byte[]> rest = new ArrayList<>();
    queue.drainTo(rest);
    return rest;
  }

  /** Events queued or unacknowledged now. */
  int heldEvents() {
    return maxEvents - slots.availablePermits();
  }

  /** Bytes queued or unacknowledged now. */
  long heldBytes() {
    return (long) maxBytes - bytes.availablePermits();
  }
}
