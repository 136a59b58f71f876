package dev.sluice.ingest.http;

import dev.sluice.ingest.file.DeliveredPosition;
import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.ship.EventPipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Delivers the events of one request to Kafka and completes when Kafka acknowledged every one of
 * them — the end-to-end acknowledgement an HTTP answer waits for.
 *
 * <p>Guarantees: the events are handed to the producer all together or not at all ({@link
 * KafkaDelivery#trySendAll}), so a refused request (413, 429, 503 before sending) sent nothing; a
 * {@link Outcome#delivered} outcome means every event is acknowledged (acks=all). After an ack
 * timeout the events stay in flight and may still arrive: a client that resends the same body
 * produces events with the same ids ({@code <source>:<body hash>:<position>}), so repeats are
 * recognisable downstream.
 */
final class RequestDelivery {
  /** How a request ended: HTTP status, a reason for errors, and the events delivered. */
  record Outcome(int status, String reason, int events) {
    static Outcome delivered(int events) {
      return new Outcome(200, null, events);
    }

    boolean ok() {
      return status == 200;
    }
  }

  private final KafkaDelivery delivery;
  private final ThreadLocal<EventPipeline> pipelines;
  private final Duration ackTimeout;

  /**
   * @param pipelines makes the event pipeline of one event-loop thread (it is not thread-safe)
   */
  RequestDelivery(KafkaDelivery delivery, Supplier<EventPipeline> pipelines, Duration ackTimeout) {
    this.delivery = delivery;
    this.pipelines = ThreadLocal.withInitial(pipelines);
    this.ackTimeout = ackTimeout;
  }

  /**
   * Encodes and sends {@code events}; the future completes with the outcome, never exceptionally.
   *
   * @param source the events' source ({@code http}, {@code otlp}) and id prefix
   * @param bodyId the request body's identity (a hash), part of every id
   */
  CompletableFuture<Outcome> deliver(List<Decoded.Event> events, String source, String bodyId) {
    Instant now = Instant.now();
    List<KafkaDelivery.OutgoingRecord> records = new ArrayList<>(events.size());
    EventPipeline pipeline = pipelines.get();
    String idPrefix = source + ":" + bodyId + ":";
    for (Decoded.Event e : events) {
      String id = idPrefix + e.position();
      KafkaDelivery.OutgoingRecord record =
          pipeline.parsed(e.fields(), e.raw(), id, source, now, false);
      if (record.value().length > HttpSourceConfig.MAX_EVENT_BYTES) {
        return done(
            413,
            "event at "
                + e.position()
                + " encodes to "
                + record.value().length
                + " bytes, more than "
                + HttpSourceConfig.MAX_EVENT_BYTES
                + " per event; nothing was sent");
      }
      records.add(record);
    }
    long needed = delivery.budgetFor(records);
    if (needed > delivery.maxInFlightBytes()) {
      return done(
          413,
          "the request's events take "
              + needed
              + " bytes in flight, more than the whole queue ("
              + delivery.maxInFlightBytes()
              + " bytes, queue.max-bytes): send smaller requests; nothing was sent");
    }
    CompletableFuture<Outcome> acked = new CompletableFuture<>();
    DeliveredPosition.Batch batch =
        new DeliveredPosition(0)
            .openBatch(
                new DeliveredPosition.Listener() {
                  @Override
                  public void delivered() {
                    acked.complete(Outcome.delivered(records.size()));
                  }

                  @Override
                  public void failed(RuntimeException cause) {
                    acked.complete(
                        new Outcome(500, "Kafka refused the events: " + cause.getMessage(), 0));
                  }
                });
    if (!delivery.trySendAll(records, batch)) {
      if (delivery.fatal() != null) {
        return done(503, "Kafka refuses records (see the shipper's log); nothing was sent");
      }
      if (delivery.unavailable()) {
        return done(503, "Kafka is unreachable; nothing was sent, retry later");
      }
      return done(
          429,
          "too many events waiting for Kafka's acknowledgement; nothing was sent, retry later");
    }
    batch.seal(records.size());
    return acked
        .orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            error ->
                error instanceof TimeoutException
                    ? new Outcome(
                        503,
                        "Kafka did not acknowledge within "
                            + ackTimeout.toMillis()
                            + " ms; the events may still arrive: resend the same body (same ids)",
                        0)
                    : new Outcome(500, "delivery failed: " + error, 0));
  }

  private static CompletableFuture<Outcome> done(int status, String reason) {
    return CompletableFuture.completedFuture(new Outcome(status, reason, 0));
  }
}
