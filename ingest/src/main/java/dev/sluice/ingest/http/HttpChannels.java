package dev.sluice.ingest.http;

import dev.sluice.ingest.metrics.ShipMetrics;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The pipeline of every connection: TLS (when configured), HTTP/1.1 codec, an idle timeout, the
 * bearer-token check (when configured), gzip/deflate decompression, the body limit, then {@link
 * IngestHandler}. The token check comes before the body is read or inflated.
 */
final class HttpChannels extends ChannelInitializer<SocketChannel> {
  private static final int IDLE_SECONDS = 120;

  private final HttpSourceConfig config;
  private final SslContext ssl;
  private final BearerToken token;
  private final IngestRequests requests;
  private final Executor workers;
  private final BooleanSupplier kafkaReady;
  private final ShipMetrics metrics;

  HttpChannels(
      HttpSourceConfig config,
      SslContext ssl,
      IngestRequests requests,
      Executor workers,
      BooleanSupplier kafkaReady,
      ShipMetrics metrics) {
    this.config = config;
    this.ssl = ssl;
    this.token = config.token() == null ? null : new BearerToken(config.token());
    this.requests = requests;
    this.workers = workers;
    this.kafkaReady = kafkaReady;
    this.metrics = metrics;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ChannelPipeline p = ch.pipeline();
    if (ssl != null) {
      p.addLast("tls", ssl.newHandler(ch.alloc()));
    }
    p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
    p.addLast("http", new HttpServerCodec());
    if (token != null) {
      p.addLast("auth", new BearerAuthHandler(token, metrics));
    }
    p.addLast("inflate", new HttpContentDecompressor(config.maxBodyBytes()));
    p.addLast("body", new BodyLimitAggregator(config.maxBodyBytes(), metrics));
    p.addLast("ingest", new IngestHandler(requests, workers, kafkaReady, metrics));
  }
}
