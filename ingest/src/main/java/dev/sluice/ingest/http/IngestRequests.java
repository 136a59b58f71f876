package dev.sluice.ingest.http;

import dev.sluice.ingest.http.otlp.OtlpDecoder;
import dev.sluice.ingest.http.otlp.OtlpEncoding;
import dev.sluice.ingest.http.otlp.OtlpLogMapper;
import dev.sluice.ingest.http.otlp.OtlpReplies;
import dev.sluice.ingest.metrics.ShipMetrics;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Turns one request body into delivered events and the answer to send: decodes it (JSON lines or
 * OTLP), refuses it whole when malformed (400 with the reason), and otherwise answers only once
 * {@link RequestDelivery} reports every event acknowledged. Refusals under pressure carry {@code
 * Retry-After}: 429 (1 s) when the in-flight budget is spent, 503 (5 s) while Kafka is unreachable
 * or slower than the ack timeout. Runs on worker threads, never on Netty's event loop.
 */
final class IngestRequests {
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

  /** 64 bits of the body's SHA-256, in hex: the same body gives the same event ids. */
  static String bodyId(byte[] body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
