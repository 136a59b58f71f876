package dev.sluice.cli;

import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a known set of {@code LogEvent}s to a topic at a steady rate, on a thread of its own, so
 * that a failure can be injected while the stream flows.
 *
 * <p>Events {@code 0 … count-1} have ids {@code <prefix>-<i>}, go round-robin to the partitions,
 * and have increasing event times spread over {@code eventTimeSpan} ending {@code eventTimeEnd}.
 * Production stops at {@code holdAt} until {@link #release()} (so the failure surely lands
 * mid-stream, however slow the machine). Then <em>flush</em> events, one per partition every {@link
 * #FLUSH_EVERY} for {@link #FLUSH_FOR} with the current time as event time, move every partition's
 * watermark past the last window of the known events so their stats are final: a partition's
 * watermark follows its slowest stream until the other streams of the partition have talked for the
 * job's idleness (30 s by default), so one flush event alone would not do it. The producer is
 * idempotent with {@code acks=all}: Kafka holds each event once.
 */
final class PacedProducer {
  /** The service of the flush events. */
  static final String FLUSH_SERVICE = "svc-flush";

  /** How long the flush events go on: longer than the job's default idleness (30 s). */
  static final Duration FLUSH_FOR = Duration.ofSeconds(45);

  /**
   * The interval between two flush events of a partition: shorter than the job's watermark interval
   * (200 ms), so the whole time counts as time in which the partition talked.
   */
  static final Duration FLUSH_EVERY = Duration.ofMillis(100);

  private final String bootstrapServers;
  private final String topic;
  private final int partitions;
  private final String prefix;
  private final int count;
  private final int perSecond;
  private final int holdAt;
  private final AtomicInteger sent = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);

  PacedProducer(
      String bootstrapServers,
      String topic,
      int partitions,
      String prefix,
      int count,
      int perSecond,
      int holdAt) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.partitions = partitions;
    this.prefix = prefix;
    this.count = count;
    this.perSecond = perSecond;
    this.holdAt = holdAt;
  }

  /** Starts producing; the future completes when every event and the flush events are acked. */
  CompletableFuture<Void> start(Instant eventTimeEnd, Duration eventTimeSpan) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                produce(eventTimeEnd, eventTimeSpan);
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            "paced-producer");
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  /** How many of the known events were handed to the producer so far. */
  int sent() {
    return sent.get();
  }

  /** Lets production continue past {@code holdAt}. */
  void release() {
    released.countDown();
  }

  /** The id of known event {@code i}. */
  String id(int i) {
    return prefix + "-" + i;
  }

  /** The ids of every flush event, of every partition. */
  List<String> flushIds() {
    List<String> ids = new ArrayList<>();
    for (int round = 0; round < flushRounds(); round++) {
      for (int p = 0; p < partitions; p++) {
        ids.add(flushId(p, round));
      }
    }
    return ids;
  }

  private String flushId(int partition, int round) {
    return prefix + "-flush-" + partition + "-" + round;
  }

  private static int flushRounds() {
    return (int) (FLUSH_FOR.toMillis() / FLUSH_EVERY.toMillis());
  }

  private void produce(Instant end, Duration span) throws InterruptedException {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    Instant start = end.minus(span);
    long stepNanos = span.toNanos() / count;
    long paceStart = System.nanoTime();
    long pausedNanos = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        if (i == holdAt) {
          long holdStart = System.nanoTime();
          if (!released.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("never released at event " + i);
          }
          pausedNanos += System.nanoTime() - holdStart;
        }
        // Pacing, not synchronisation: event i leaves no earlier than i / perSecond seconds in.
        long due = paceStart + pausedNanos + i * 1_000_000_000L / perSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        Instant time = start.plusNanos(i * stepNanos);
        LogEvent event = event(id(i), time, "svc-" + (i % 3), "host-" + (i % 4), i);
        producer.send(record(i % partitions, event));
        sent.incrementAndGet();
      }
      long flushStart = System.nanoTime();
      for (int round = 0; round < flushRounds(); round++) {
        // Pacing, not synchronisation: the partitions keep talking for FLUSH_FOR.
        long wait = flushStart + round * FLUSH_EVERY.toNanos() - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        Instant now = Instant.now();
        for (int p = 0; p < partitions; p++) {
          producer.send(record(p, event(flushId(p, round), now, FLUSH_SERVICE, "host-flush", -1)));
        }
      }
      producer.flush();
    }
  }

  private ProducerRecord<String, byte[]> record(int partition, LogEvent event) {
    return new ProducerRecord<>(
        topic, partition, event.getService(), Codecs.logEvents().encode(event));
  }

  private static LogEvent event(String id, Instant time, String service, String host, int i) {
    return LogEvent.newBuilder()
        .setId(id)
        .setEventTime(time)
        .setIngestTime(time)
        .setService(service)
        .setHost(host)
        .setLevel(i % 11 == 0 ? Level.ERROR : Level.INFO)
        .setMessage("request " + i + " done")
        .build();
  }
}
