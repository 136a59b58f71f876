package dev.sluice.ingest.http;

import dev.sluice.ingest.http.otlp.OtlpDecoder;
import dev.sluice.ingest.http.otlp.OtlpEncoding;
import dev.sluice.ingest.http.otlp.OtlpLogMapper;
import dev.sluice.ingest.http.otlp.OtlpReplies;
import dev.sluice.ingest.metrics.ShipMetrics;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Turns one request body into delivered events and the answer to send: decodes it (JSON lines or
 * OTLP), refuses it whole when malformed (400 with the reason), and otherwise answers only once
 * {@link RequestDelivery} reports every event acknowledged. Refusals under pressure carry {@code
 * Retry-After}: 429 (1 s) when the in-flight budget is spent, 503 (5 s) while Kafka is unreachable
 * or slower than the ack timeout. Runs on worker threads, never on Netty's event loop.
 */
final class IngestRequests {
  private static final XXHash64 BODY_HASH = XXHashFactory.fastestInstance().hash64();

  /** What a path accepts. */
  enum Endpoint {
    /** {@code POST /logs}: JSON lines. */
    JSON_LINES,
    /** {@code POST /v1/logs}: OTLP/HTTP logs. */
    OTLP
  }

  static final String RETRY_BUSY_SECONDS = "1";
  static final String RETRY_UNAVAILABLE_SECONDS = "5";

  private final NdjsonDecoder ndjson = new NdjsonDecoder();
  private final RequestDelivery delivery;
  private final BooleanSupplier kafkaReady;
  private final ShipMetrics metrics;

  IngestRequests(RequestDelivery delivery, BooleanSupplier kafkaReady, ShipMetrics metrics) {
    this.delivery = delivery;
    this.kafkaReady = kafkaReady;
    this.metrics = metrics;
  }

  /** Handles one request; the future completes with the answer, never exceptionally. */
  CompletableFuture<Reply> handle(Endpoint endpoint, String contentType, byte[] body) {
    metrics.bytesRead.add(body.length);
    return endpoint == Endpoint.OTLP ? otlp(contentType, body) : jsonLines(body);
  }

  private CompletableFuture<Reply> jsonLines(byte[] body) {
    if (!kafkaReady.getAsBoolean()) {
      return done(withRetry(Reply.error(503, notReady()), 503));
    }
    Decoded decoded = ndjson.decode(body);
    if (decoded instanceof Decoded.Malformed malformed) {
      metrics.parseFailures.increment();
      return done(Reply.error(400, malformed.reason()));
    }
    List<Decoded.Event> events = ((Decoded.Events) decoded).events();
    metrics.linesRead.add(events.size());
    return delivery
        .deliver(events, "http", bodyId(body))
        .thenApply(
            outcome ->
                outcome.ok()
                    ? Reply.json(200, Map.of("accepted", outcome.events()), Map.of())
                    : withRetry(Reply.error(outcome.status(), outcome.reason()), outcome.status()));
  }

  private CompletableFuture<Reply> otlp(String contentType, byte[] body) {
    OtlpEncoding encoding = OtlpEncoding.of(contentType);
    if (encoding == null) {
      return done(
          Reply.error(
              415,
              "Content-Type "
                  + contentType
                  + " is not OTLP: use application/x-protobuf or application/json"));
    }
    if (!kafkaReady.getAsBoolean()) {
      return done(withRetry(OtlpReplies.error(encoding, 503, notReady()), 503));
    }
    List<Decoded.Event> events;
    try {
      events = OtlpLogMapper.events(OtlpDecoder.decode(body, encoding), encoding);
    } catch (IllegalArgumentException e) {
      metrics.parseFailures.increment();
      return done(OtlpReplies.error(encoding, 400, e.getMessage()));
    }
    metrics.linesRead.add(events.size());
    return delivery
        .deliver(events, "otlp", bodyId(body))
        .thenApply(
            outcome ->
                outcome.ok()
                    ? OtlpReplies.success(encoding)
                    : withRetry(
                        OtlpReplies.error(encoding, outcome.status(), outcome.reason()),
                        outcome.status()));
  }

  private static String notReady() {
    return "Kafka is not reachable yet; retry later";
  }

  private static Reply withRetry(Reply reply, int status) {
    if (status == 429) {
      return reply.withHeader("Retry-After", RETRY_BUSY_SECONDS);
    }
    if (status == 503) {
      return reply.withHeader("Retry-After", RETRY_UNAVAILABLE_SECONDS);
    }
    return reply;
  }

  private static CompletableFuture<Reply> done(Reply reply) {
    return CompletableFuture.completedFuture(reply);
  }

  /**
   * xxHash64 (seed 0) of a body, in 16 hex digits: the same body gives the same event ids, so a
   * client that sends a body again after a lost answer sends the same ids. A non-cryptographic hash
   * is enough for that: the id only has to tell apart the bodies that honest clients send (64 bits,
   * as the SHA-256 prefix it replaced); making one body's ids collide with another's needs that
   * other body in advance. lz4-java's native xxHash runs at memory speed from the first request,
   * where SHA-256 took 8–9 % of an HTTP worker's CPU in {@code sluice bench ingest}.
   */
  static String bodyId(byte[] body) {
    long hash = BODY_HASH.hash(body, 0, body.length, 0);
    return HexFormat.of().toHexDigits(hash);
  }
}
