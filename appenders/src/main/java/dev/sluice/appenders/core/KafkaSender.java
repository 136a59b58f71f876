package dev.sluice.appenders.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The appender's background thread: it alone creates, uses and closes the Kafka producer, so
 * nothing a logging thread calls ever waits on Kafka.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Events are sent in the order they were queued, keyed by service, to the configured topic.
 *   <li>While Kafka is unreachable, events stay buffered (the producer retries for as long as it
 *       takes, and an event that cannot even get metadata is tried again) until the appender stops.
 *   <li>Every event taken from the buffer ends delivered or dropped, and its place is released.
 *   <li>Drops are reported through the {@link StatusReporter} at most once per interval.
 *   <li>On {@link #requestStop}, what is queued is handed to the producer and flushed until the
 *       deadline; what Kafka has not acknowledged by then is counted as dropped.
 * </ul>
 */
final class KafkaSender implements Runnable {
  private static final long POLL_MS = 50;

  private final AppenderSettings settings;
  private final BoundedBuffer buffer;
  private final DeliveryCounters counters;
  private final StatusReporter status;
  private final Map<String, Object> producerConfig;
  private final Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
  private final byte[] key;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile long deadlineNanos;

  private long lastWarnedDrops;
  private long lastWarnNanos;

  KafkaSender(
      AppenderSettings settings,
      BoundedBuffer buffer,
      DeliveryCounters counters,
      StatusReporter status,
      Map<String, Object> producerConfig,
      Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
    this.settings = settings;
    this.buffer = buffer;
    this.counters = counters;
    this.status = status;
    this.producerConfig = producerConfig;
    this.producers = producers;
    this.key = settings.service().getBytes(StandardCharsets.UTF_8);
    this.lastWarnNanos = System.nanoTime() - settings.dropWarningInterval().toNanos();
  }

  /** Asks the thread to flush and end by {@code deadlineNanos} ({@link System#nanoTime()}). */
  void requestStop(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
    stopSignal.countDown();
  }

  /** Waits for the thread to end; false if it did not within {@code timeout}. */
  boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    try {
      Producer<byte[], byte[]> producer = createProducer();
      if (producer != null) {
        sendUntilStopped(producer);
        close(producer);
      }
    } catch (Throwable t) {
      status.error("the Sluice appender's sender thread failed; events are no longer shipped", t);
    } finally {
      for (byte[] value : buffer.closeAndDrain()) {
        counters.countFailed(null);
        buffer.release(value.length);
      }
      warnAboutDrops(true);
      finished.countDown();
    }
  }

  private boolean stopping() {
    return stopSignal.getCount() == 0;
  }

  private boolean pastDeadline() {
    return stopping() && System.nanoTime() - deadlineNanos >= 0;
  }

  private Producer<byte[], byte[]> createProducer() throws InterruptedException {
    long backoffMs = 1_000;
    while (!stopping()) {
      try {
        return producers.apply(producerConfig);
      } catch (RuntimeException e) {
        status.error(
            "cannot create the Kafka producer for "
                + settings.bootstrapServers()
                + " (check bootstrapServers and the producer properties); retrying in "
                + backoffMs / 1000
                + " s",
            e);
      }
      if (stopSignal.await(backoffMs, TimeUnit.MILLISECONDS)) {
        return null;
      }
      backoffMs = Math.min(backoffMs * 2, 30_000);
    }
    return null;
  }

  private void sendUntilStopped(Producer<byte[], byte[]> producer) throws InterruptedException {
    byte[] pending = null;
    while (true) {
      if (pending == null) {
        pending = stopping() ? buffer.pollNow() : buffer.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (pending == null && stopping()) {
          return;
        }
      }
      if (pending != null) {
        if (pastDeadline()) {
          counters.countFailed(null);
          buffer.release(pending.length);
          return;
        }
        if (trySend(producer, pending)) {
          pending = null;
        } else if (!stopping()) {
          // no metadata yet (Kafka unreachable since start-up): try the same event again
          stopSignal.await(200, TimeUnit.MILLISECONDS);
        }
      }
      warnAboutDrops(false);
    }
  }

  /** False if the event could not be handed over yet and should be tried again. */
  private boolean trySend(Producer<byte[], byte[]> producer, byte[] value) {
    Completion completion = new Completion(value, Thread.currentThread());
    try {
      producer.send(new ProducerRecord<>(settings.topic(), key, value), completion);
    } catch (TimeoutException e) {
      return false;
    } catch (RuntimeException e) {
      completion.onCompletion(null, e);
    }
    return !completion.retry;
  }

  /**
   * Counts and releases one event when Kafka has answered for it. A metadata timeout reported
   * synchronously, on the sending thread inside {@code send} (Kafka unreachable since start-up, or
   * the topic's metadata expired during an outage), is not an answer: the event is kept and tried
   * again.
   */
  private final class Completion implements Callback {
    private final byte[] value;
    private final Thread sendingThread;
    private boolean retry;

    Completion(byte[] value, Thread sendingThread) {
      this.value = value;
      this.sendingThread = sendingThread;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      if (error instanceof TimeoutException && Thread.currentThread() == sendingThread) {
        retry = true;
        return;
      }
      if (error == null) {
        counters.countDelivered();
      } else {
        counters.countFailed(error);
      }
      buffer.release(value.length);
    }
  }

  private void close(Producer<byte[], byte[]> producer) {
    long remainingNanos = Math.max(0, deadlineNanos - System.nanoTime());
    // close waits for acknowledgements up to the deadline, then fails what is left, which
    // completes those records' callbacks (counted as dropped) before it returns
    producer.close(Duration.ofNanos(remainingNanos));
  }

  private void warnAboutDrops(boolean last) {
    long dropped = counters.dropped();
    long now = System.nanoTime();
    if (dropped == lastWarnedDrops
        || (!last && now - lastWarnNanos < settings.dropWarningInterval().toNanos())) {
      return;
    }
    Throwable failure = counters.lastFailure();
    status.warn(
        "Sluice appender dropped "
            + (dropped - lastWarnedDrops)
            + " log events"
            + (last ? " while stopping" : "")
            + " ("
            + dropped
            + " in total: "
            + counters.droppedBufferFull()
            + " because the buffer of "
            + settings.bufferEvents()
            + " events / "
            + settings.bufferBytes()
            + " bytes was full, "
            + counters.droppedFailed()
            + " not delivered"
            + (failure == null ? "" : ", last error: " + failure)
            + "). Check that Kafka at "
            + settings.bootstrapServers()
            + " is reachable, or raise bufferEvents / bufferBytes"
            + (last ? " / flushTimeoutMillis" : "")
            + ".");
    lastWarnedDrops = dropped;
    lastWarnNanos = now;
  }
}
