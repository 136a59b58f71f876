package dev.sluice.ingest.syslog;

import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The hand-off between the Netty event loops (which decode, parse and encode) and the one thread
 * that sends to Kafka, bounded in bytes. No method blocks an event loop: they take a short lock and
 * return. TCP connections hand over the records of a whole socket read at once ({@link #addAll}),
 * so the lock is taken and the sender woken once per read, not once per message; the queue keeps
 * such a read as one entry, so neither side walks its records under the lock unless {@link
 * #drainTo}'s limits cut it.
 *
 * <p>Guarantees: a TCP record is never refused ({@link #addAll}); once the queue holds {@code
 * maxBytes} or more, the connection that added the records is registered as paused — its caller
 * turns {@code autoRead} off — and every paused connection is resumed (on its own event loop) when
 * the queue has drained to half. A UDP record is taken only while there is room ({@link #offer}).
 * So memory stays within {@code maxBytes} plus, per connection, the records handed over together
 * and one read, and a slow or absent Kafka pushes back on TCP senders instead of losing their
 * messages.
 */
final class DeliveryQueue {
  private final long maxBytes;
  private final long resumeBytes;
  private final ArrayDeque<Read> reads = new ArrayDeque<>();
  private final Set<Channel> paused = new LinkedHashSet<>();
  private long bytes;
  private int count;
  private boolean closed;

  /** Records added together, from {@code next} on; {@code bytes} counts those left. */
  private static final class Read {
    final List<OutgoingRecord> records;
    int next;
    long bytes;

    Read(List<OutgoingRecord> records, long bytes) {
      this.records = records;
      this.bytes = bytes;
    }

    int left() {
      return records.size() - next;
    }
  }

  DeliveryQueue(long maxBytes) {
    this.maxBytes = maxBytes;
    this.resumeBytes = maxBytes / 2;
  }

  /**
   * Adds records that must not be lost (the records of one socket read of {@code channel}). The
   * queue keeps {@code added} itself: the caller must not change it afterwards.
   *
   * @return true if {@code channel} may keep reading; false if the queue is full: turn its {@code
   *     autoRead} off now, it is turned back on when there is room
   */
  boolean addAll(List<OutgoingRecord> added, Channel channel) {
    long size = 0;
    for (OutgoingRecord record : added) {
      size += record.size(); // outside the lock: this thread's own, freshly written records
    }
    return addAll(added, size, channel);
  }

  private synchronized boolean addAll(List<OutgoingRecord> added, long size, Channel channel) {
    if (!added.isEmpty()) {
      append(new Read(added, size));
    }
    if (bytes < maxBytes) {
      return true;
    }
    paused.add(channel);
    return false;
  }

  /** Adds a record if there is room; false means it was not taken (the caller counts a drop). */
  synchronized boolean offer(OutgoingRecord record) {
    if (bytes >= maxBytes || closed) {
      return false;
    }
    append(new Read(List.of(record), record.size()));
    return true;
  }

  private void append(Read read) {
    if (reads.isEmpty()) {
      notifyAll();
    }
    reads.addLast(read);
    bytes += read.bytes;
    count += read.left();
  }

  /**
   * Moves records into {@code into} — at least one if there is any, then more while fewer than
   * {@code maxRecords} and fewer than {@code maxBytes} are taken — waiting up to {@code
   * timeoutMillis} for the first.
   *
   * @return false once the queue is closed and empty
   */
  boolean drainTo(List<OutgoingRecord> into, int maxRecords, long maxBytes, long timeoutMillis)
      throws InterruptedException {
    List<Channel> resume = List.of();
    synchronized (this) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      long left;
      while (reads.isEmpty() && !closed && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      if (reads.isEmpty()) {
        return !closed;
      }
      long taken = 0;
      int limit = maxRecords;
      while (into.size() < limit && taken < maxBytes && !reads.isEmpty()) {
        Read read = reads.peekFirst();
        int rest = read.left();
        if (into.size() + rest <= limit && taken + read.bytes <= maxBytes) {
          into.addAll(
              read.next == 0 ? read.records : read.records.subList(read.next, read.next + rest));
          taken += read.bytes;
          bytes -= read.bytes;
          count -= rest;
          reads.pollFirst();
          continue;
        }
        while (into.size() < limit && taken < maxBytes && read.left() > 0) { // cut by a limit
          OutgoingRecord record = read.records.get(read.next++);
          read.bytes -= record.size();
          bytes -= record.size();
          taken += record.size();
          count--;
          into.add(record);
        }
        if (read.left() == 0) {
          reads.pollFirst();
        }
      }
      if (bytes <= resumeBytes && !paused.isEmpty()) {
        resume = List.copyOf(paused);
        paused.clear();
      }
    }
    for (Channel channel : resume) {
      try {
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
      } catch (RejectedExecutionException closing) {
        // the listeners are shutting down: nothing more to read
      }
    }
    return true;
  }

  /** No more records will be added; {@link #drainTo} returns what is left, then false. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  /** Whether {@link #offer} would refuse a record now. */
  synchronized boolean full() {
    return bytes >= maxBytes || closed;
  }

  /** Connections paused now because the queue is full. */
  synchronized int pausedConnections() {
    return paused.size();
  }

  /** Bytes queued. */
  synchronized long bytes() {
    return bytes;
  }

  /** Records queued. */
  synchronized int size() {
    return count;
  }
}
