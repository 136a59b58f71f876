package dev.sluice.ingest.kafka;

import dev.sluice.ingest.file.DeliveredPosition;
import dev.sluice.ingest.metrics.ShipMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends encoded records to Kafka and acknowledges them in their {@link DeliveredPosition.Batch}
 * only when Kafka has acknowledged them (acks=all, idempotent producer).
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>Bounded memory, backpressure.</b> At most {@code maxInFlightBytes} of records are
 *       unacknowledged at a time; {@link #send} blocks the reader beyond that, so a slow or absent
 *       Kafka stops reading instead of growing a queue or dropping records.
 *   <li><b>Retries.</b> The producer retries with exponential backoff for as long as it takes; a
 *       record that still fails with a retriable error is queued and sent again by {@link
 *       #resendFailed}.
 *   <li><b>Classified errors.</b> A non-retriable failure (authorization, a record too large …) is
 *       fatal: {@link #fatal()} reports it with the setting to check, the batch is never
 *       acknowledged, so its position is never saved; its {@link DeliveredPosition.Listener} is
 *       told.
 *   <li><b>All or nothing, without waiting.</b> {@link #trySendAll} takes a whole group of records
 *       or none of them and never waits: not for the budget, and not for the producer, which may
 *       block up to {@code max.block.ms} without metadata (a sender thread hands the group over).
 *   <li><b>Acknowledged per group.</b> Records handed over together ({@link #sendAll}, {@link
 *       #trySendAll}) take their budget at once and give it back, count as sent and acknowledge
 *       their {@link DeliveredPosition.Batch} once, when Kafka has acknowledged the last of them;
 *       per record there is only the producer's callback, which counts down.
 *   <li><b>Knows when Kafka is away.</b> After a send timed out, {@link #unavailable()} holds until
 *       a record is acknowledged again; meanwhile {@link #trySendAll} refuses at once and {@link
 *       #resendFailed} sends one record at a time to probe, instead of blocking on each.
 * </ul>
 */
public final class KafkaDelivery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaDelivery.class);

  private final KafkaSettings settings;
  private final Producer<byte[], byte[]> producer;
  private final ShipMetrics metrics;
  private final Semaphore budget;
  private final int maxPermits;
  private final AtomicInteger inFlightRecords = new AtomicInteger();
  private final ConcurrentLinkedQueue<Pending> failed = new ConcurrentLinkedQueue<>();
  private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
  private final AtomicBoolean unavailable = new AtomicBoolean();
  private ExecutorService sender;

  /** Creates the producer; nothing is sent before {@link #awaitKafka}. */
  public KafkaDelivery(KafkaSettings settings, long maxInFlightBytes, ShipMetrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
    this.maxPermits = (int) Math.min(Integer.MAX_VALUE, maxInFlightBytes);
    this.budget = new Semaphore(maxPermits);
    long bufferMemory = Math.max(32L * 1024 * 1024, 2 * maxInFlightBytes);
    this.producer = new KafkaProducer<>(settings.producerConfig(bufferMemory));
  }

  /** The settings in use. */
  public KafkaSettings settings() {
    return settings;
  }

  /**
   * Waits until Kafka answers with the topic's partitions, retrying with backoff (1 s doubling to
   * 30 s) while it does not.
   *
   * @return false if {@code stopping} became true first
   */
  public boolean awaitKafka(BooleanSupplier stopping) throws InterruptedException {
    long backoffMs = 1_000;
    while (!stopping.getAsBoolean()) {
      try {
        producer.partitionsFor(settings.topic());
        producer.partitionsFor(settings.rejectsTopic());
        return true;
      } catch (TimeoutException e) {
        LOG.warn(
            "Kafka at {} did not answer for topics {} and {} ({}); retrying in {} s."
                + " Check bootstrap servers, that the topics exist, and security settings.",
            settings.bootstrapServers(),
            settings.topic(),
            settings.rejectsTopic(),
            e.getMessage(),
            backoffMs / 1000);
      } catch (KafkaException e) {
        throw new IllegalStateException(
            "Kafka at "
                + settings.bootstrapServers()
                + " refused the shipper: "
                + e.getMessage()
                + " (check security.protocol, sasl.* and ssl.* properties)",
            e);
      }
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
      while (System.nanoTime() < until && !stopping.getAsBoolean()) {
        Thread.sleep(100);
      }
      backoffMs = Math.min(backoffMs * 2, 30_000);
    }
    return false;
  }

  /**
   * Sends one record, blocking while the in-flight budget is spent.
   *
   * @return false if {@code stopping} became true while waiting (the record was not sent)
   */
  public boolean send(
      String topic,
      byte[] key,
      byte[] value,
      DeliveredPosition.Batch batch,
      boolean reject,
      BooleanSupplier stopping)
      throws InterruptedException {
    int permits = permits(key, value);
    while (!budget.tryAcquire(permits, 100, TimeUnit.MILLISECONDS)) {
      if (stopping.getAsBoolean() || fatal.get() != null) {
        return false;
      }
    }
    batch.sent();
    inFlightRecords.incrementAndGet();
    dispatch(new Pending(topic, key, value, batch, null, permits, reject));
    return true;
  }

  /**
   * Sends {@code records} as one group, blocking while the in-flight budget cannot take them all;
   * they count as one record of {@code batch}, acknowledged once Kafka has acknowledged every one
   * of them. Records that need more than the whole budget together are sent one by one ({@link
   * #send(OutgoingRecord, DeliveredPosition.Batch, BooleanSupplier)}).
   *
   * @return false if {@code stopping} became true while waiting (nothing of the group was sent)
   */
  public boolean sendAll(
      List<OutgoingRecord> records, DeliveredPosition.Batch batch, BooleanSupplier stopping)
      throws InterruptedException {
    if (records.isEmpty()) {
      return true;
    }
    long total = budgetFor(records);
    if (total > maxPermits) {
      for (OutgoingRecord r : records) {
        if (!send(r, batch, stopping)) {
          return false;
        }
      }
      return true;
    }
    while (!budget.tryAcquire((int) total, 100, TimeUnit.MILLISECONDS)) {
      if (stopping.getAsBoolean() || fatal.get() != null) {
        return false;
      }
    }
    for (Pending p : group(records, batch, total)) {
      dispatch(p);
    }
    return true;
  }

  /** The records of one group, counted as sent: one record of {@code batch}, all in flight. */
  private List<Pending> group(
      List<OutgoingRecord> records, DeliveredPosition.Batch batch, long total) {
    Group group = new Group(batch, records.size(), total);
    List<Pending> pending = new ArrayList<>(records.size());
    for (OutgoingRecord r : records) {
      if (r.reject()) {
        group.rejects++;
      }
      pending.add(new Pending(r.topic(), r.key(), r.value(), batch, group, 0, r.reject()));
    }
    batch.sent();
    inFlightRecords.addAndGet(records.size());
    return pending;
  }

  /**
   * Sends one record of the event pipeline, as {@link #send(String, byte[], byte[],
   * DeliveredPosition.Batch, boolean, BooleanSupplier)} does.
   */
  public boolean send(
      OutgoingRecord record, DeliveredPosition.Batch batch, BooleanSupplier stopping)
      throws InterruptedException {
    return send(record.topic(), record.key(), record.value(), batch, record.reject(), stopping);
  }

  /**
   * One encoded record to send: what the event pipeline returns, and what {@link #trySendAll}
   * takes.
   */
  public record OutgoingRecord(String topic, byte[] key, byte[] value, boolean reject) {
    /** The bytes it holds in memory, roughly, for a queue's bound. */
    public int size() {
      return value.length + key.length + 64;
    }
  }

  /** The in-flight budget, in bytes: the most {@link #trySendAll} can ever take at once. */
  public long maxInFlightBytes() {
    return maxPermits;
  }

  /** The bytes of the budget that {@code records} take while in flight. */
  public long budgetFor(List<OutgoingRecord> records) {
    long total = 0;
    for (OutgoingRecord r : records) {
      total += permits(r.key(), r.value());
    }
    return total;
  }

  /**
   * Sends all {@code records} in {@code batch}, or none of them, without waiting: false (nothing
   * sent) when the in-flight budget cannot take them all now, when a fatal error occurred, or when
   * they need more than the whole budget ({@link #budgetFor} &gt; {@link #maxInFlightBytes}). They
   * count as one record of {@code batch} (see {@link #sendAll}). The caller seals the batch
   * afterwards. The producer itself may still block up to its {@code max.block.ms} while it has no
   * metadata, so call this off I/O threads.
   */
  public boolean trySendAll(List<OutgoingRecord> records, DeliveredPosition.Batch batch) {
    long total = budgetFor(records);
    if (total > maxPermits
        || fatal.get() != null
        || unavailable.get()
        || !budget.tryAcquire((int) total)) {
      return false;
    }
    if (records.isEmpty()) {
      budget.release((int) total);
      return true;
    }
    List<Pending> group = group(records, batch, total);
    sender().execute(() -> group.forEach(p -> dispatch(p, unavailable.get())));
    return true;
  }

  /**
   * Whether Kafka is away: a send timed out (no metadata, or no answer) and no record has been
   * acknowledged since.
   */
  public boolean unavailable() {
    return unavailable.get();
  }

  private synchronized ExecutorService sender() {
    if (sender == null) {
      sender =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "sluice-kafka-send");
                t.setDaemon(true);
                return t;
              });
    }
    return sender;
  }

  private int permits(byte[] key, byte[] value) {
    return Math.min(maxPermits, value.length + (key == null ? 0 : key.length) + 64);
  }

  /** Sends again the records that failed with a retriable error. */
  public void resendFailed() {
    Pending pending;
    while ((pending = failed.poll()) != null) {
      boolean probing = unavailable.get();
      dispatch(pending);
      if (probing) {
        return; // one record probes whether Kafka is back; the others wait for its answer
      }
    }
  }

  /** The first non-retriable failure, or null. */
  public RuntimeException fatal() {
    return fatal.get();
  }

  /** Records sent and not yet acknowledged. */
  public int inFlightRecords() {
    return inFlightRecords.get();
  }

  /** Bytes of records sent and not yet acknowledged. */
  public long inFlightBytes() {
    return maxPermits - budget.availablePermits();
  }

  /** Sends everything buffered now and waits for the answers. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  /** Closes the producer, waiting up to {@code timeout} for buffered records. */
  public void close(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ExecutorService s;
    synchronized (this) {
      s = sender;
    }
    if (s != null) {
      s.shutdown();
      try {
        s.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      s.shutdownNow();
    }
    producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  /** Dispatches, or with {@code hold} queues it for {@link #resendFailed} without trying. */
  private void dispatch(Pending pending, boolean hold) {
    if (hold) {
      failed.add(pending);
    } else {
      dispatch(pending);
    }
  }

  private void dispatch(Pending pending) {
    try {
      producer.send(new ProducerRecord<>(pending.topic, pending.key, pending.value), pending);
    } catch (KafkaException e) {
      completed(pending, e);
    }
  }

  private void completed(Pending pending, Exception error) {
    if (error == null) {
      if (unavailable.get()) {
        unavailable.set(false); // a plain write per record would bounce the line between cores
      }
      if (pending.group != null) {
        pending.group.done(pending, true);
        return;
      }
      inFlightRecords.decrementAndGet();
      budget.release(pending.permits);
      (pending.reject ? metrics.rejectsSent : metrics.eventsSent).increment();
      pending.batch.acknowledged(); // last: it may answer an HTTP request that reads the counters
      return;
    }
    metrics.sendErrors.increment();
    if (error instanceof TimeoutException) {
      unavailable.set(true);
    }
    if (error instanceof RetriableException) {
      LOG.warn("sending to {} failed ({}); will send again", pending.topic, error.toString());
      failed.add(pending); // still in flight: sent again by resendFailed
      return;
    }
    RuntimeException cause =
        new IllegalStateException(
            "Kafka rejected a record for " + pending.topic + ": " + error + hint(error), error);
    if (fatal.compareAndSet(null, cause)) {
      LOG.error("{}", cause.getMessage());
    }
    pending.batch.failed(cause);
    if (pending.group != null) {
      pending.group.done(pending, false);
    } else {
      inFlightRecords.decrementAndGet();
    }
  }

  private static String hint(Exception error) {
    String name = error.getClass().getSimpleName();
    if (name.contains("RecordTooLarge")) {
      return " (raise the Kafka property max.request.size, and the topic's max.message.bytes,"
          + " or lower max-line-bytes)";
    }
    if (name.contains("Authorization") || name.contains("Authentication")) {
      return " (check the principal's ACLs and the sasl.* / ssl.* properties)";
    }
    return "";
  }

  /** One record in flight; its own callback (no lambda per record). */
  private final class Pending implements Callback {
    final String topic;
    final byte[] key;
    final byte[] value;
    final DeliveredPosition.Batch batch;
    final Group group; // null: a record sent alone, acknowledged alone
    final int permits; // of a record sent alone
    final boolean reject;

    Pending(
        String topic,
        byte[] key,
        byte[] value,
        DeliveredPosition.Batch batch,
        Group group,
        int permits,
        boolean reject) {
      this.topic = topic;
      this.key = key;
      this.value = value;
      this.batch = batch;
      this.group = group;
      this.permits = permits;
      this.reject = reject;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      completed(this, error);
    }
  }

  /**
   * Records sent together: counts down as each is acknowledged (or refused for good) and, at the
   * last, gives their budget back, counts those acknowledged as sent and, if none was refused,
   * acknowledges the group's one record of the batch.
   */
  private final class Group {
    final DeliveredPosition.Batch batch;
    final int size;
    final long permits;
    final AtomicInteger remaining;
    final AtomicInteger refusedEvents = new AtomicInteger();
    final AtomicInteger refusedRejects = new AtomicInteger();
    int rejects; // set before the first record is sent

    Group(DeliveredPosition.Batch batch, int size, long permits) {
      this.batch = batch;
      this.size = size;
      this.permits = permits;
      this.remaining = new AtomicInteger(size);
    }

    void done(Pending pending, boolean acknowledged) {
      if (!acknowledged) {
        (pending.reject ? refusedRejects : refusedEvents).incrementAndGet();
      }
      if (remaining.decrementAndGet() != 0) {
        return;
      }
      inFlightRecords.addAndGet(-size);
      budget.release((int) permits);
      metrics.eventsSent.add(size - rejects - refusedEvents.get());
      if (rejects > 0) {
        metrics.rejectsSent.add(rejects - refusedRejects.get());
      }
      if (refusedEvents.get() + refusedRejects.get() == 0) {
        batch.acknowledged(); // last: it may answer an HTTP request that reads the counters
      }
    }
  }
}
