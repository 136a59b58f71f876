package dev.sluice.ingest.http;

import dev.sluice.ingest.metrics.ShipMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Writes a {@link Reply} as an HTTP/1.1 response (content type and length, its headers), counts it,
 * and closes the connection afterwards unless it is kept alive. Safe from any thread: Netty runs
 * the write on the channel's event loop.
 */
final class Responses {
  private Responses() {}

  static ChannelFuture write(
      ChannelHandlerContext ctx, Reply reply, boolean keepAlive, ShipMetrics metrics) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(reply.status()),
            Unpooled.wrappedBuffer(reply.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
    reply.headers().forEach((name, value) -> response.headers().set(name, value));
    response
        .headers()
        .set(
            HttpHeaderNames.CONNECTION,
            keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
    metrics.httpRequests.increment();
    if (!reply.ok()) {
      metrics.httpRequestsFailed.increment();
    }
    ChannelFuture written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
    return written;
  }
}
