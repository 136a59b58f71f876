package dev.sluice.ingest.http;

import dev.sluice.ingest.metrics.ShipMetrics;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes complete requests — {@code POST /logs} (JSON lines), {@code POST /v1/logs} (OTLP), {@code
 * GET /health} — and hands the work to worker threads, so the event loop never parses, encodes or
 * waits for Kafka. One request per connection is in progress at a time; pipelined requests wait
 * their turn, so answers go out in request order. When the workers' queue is full the request is
 * answered 429 at once.
 */
final class IngestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

  private final IngestRequests requests;
  private final Executor workers;
  private final BooleanSupplier kafkaReady;
  private final ShipMetrics metrics;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private boolean busy;

  private record Waiting(
      IngestRequests.Endpoint endpoint, String contentType, byte[] body, boolean keepAlive) {}

  IngestHandler(
      IngestRequests requests, Executor workers, BooleanSupplier kafkaReady, ShipMetrics metrics) {
    this.requests = requests;
    this.workers = workers;
    this.kafkaReady = kafkaReady;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      Responses.write(ctx, Reply.error(400, "malformed HTTP request"), false, metrics);
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    if (path.equals("/health")) {
      Reply health =
          kafkaReady.getAsBoolean()
              ? Reply.json(200, Map.of("status", "ok"), Map.of())
              : Reply.error(503, "Kafka is not reachable yet")
                  .withHeader("Retry-After", IngestRequests.RETRY_UNAVAILABLE_SECONDS);
      Responses.write(ctx, health, keepAlive, metrics);
      return;
    }
    IngestRequests.Endpoint endpoint;
    if (path.equals("/logs")) {
      endpoint = IngestRequests.Endpoint.JSON_LINES;
    } else if (path.equals("/v1/logs")) {
      endpoint = IngestRequests.Endpoint.OTLP;
    } else {
      Responses.write(
          ctx,
          Reply.error(404, "no such endpoint: POST /logs (JSON lines) or /v1/logs (OTLP)"),
          keepAlive,
          metrics);
      return;
    }
    if (!request.method().equals(HttpMethod.POST)) {
      Responses.write(
          ctx,
          Reply.error(405, "use POST").withHeader(HttpHeaderNames.ALLOW.toString(), "POST"),
          keepAlive,
          metrics);
      return;
    }
    waiting.add(
        new Waiting(
            endpoint,
            request.headers().get(HttpHeaderNames.CONTENT_TYPE),
            ByteBufUtil.getBytes(request.content()),
            keepAlive));
    if (!busy) {
      next(ctx);
    }
  }

  /** Starts the next waiting request of this connection; runs on the event loop. */
  private void next(ChannelHandlerContext ctx) {
    Waiting w = waiting.poll();
    if (w == null) {
      busy = false;
      return;
    }
    busy = true;
    try {
      workers.execute(
          () -> {
            CompletableFuture<Reply> reply;
            try {
              reply = requests.handle(w.endpoint(), w.contentType(), w.body());
            } catch (RuntimeException | LinkageError e) {
              LOG.error("unexpected failure handling a request", e);
              reply = CompletableFuture.completedFuture(Reply.error(500, "internal error: " + e));
            }
            reply.thenAccept(r -> answer(ctx, r, w.keepAlive()));
          });
    } catch (RejectedExecutionException e) {
      answer(
          ctx,
          Reply.error(429, "too many requests in progress; retry later")
              .withHeader("Retry-After", IngestRequests.RETRY_BUSY_SECONDS),
          w.keepAlive());
    }
  }

  private void answer(ChannelHandlerContext ctx, Reply reply, boolean keepAlive) {
    Responses.write(ctx, reply, keepAlive, metrics)
        .addListener(
            written -> {
              if (keepAlive && written.isSuccess()) {
                next(ctx);
              } else {
                waiting.clear();
                busy = false;
              }
            });
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      ctx.close(); // an idle keep-alive connection
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug(
        "closing HTTP connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
