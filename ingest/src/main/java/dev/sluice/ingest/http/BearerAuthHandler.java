package dev.sluice.ingest.http;

import dev.sluice.ingest.metrics.ShipMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Refuses requests without the right bearer token before their body is read: 401 with {@code
 * WWW-Authenticate: Bearer realm="sluice"}, the rest of the request read and discarded. Sits in
 * front of the body limit and decompression, so an unauthenticated client costs neither. The answer
 * never says what the token is or how close a guess was.
 */
final class BearerAuthHandler extends ChannelInboundHandlerAdapter {
  private final BearerToken token;
  private final ShipMetrics metrics;
  private boolean discarding;

  BearerAuthHandler(BearerToken token, ShipMetrics metrics) {
    this.token = token;
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      discarding = !token.accepts(request.headers().get(HttpHeaderNames.AUTHORIZATION));
      if (discarding) {
        boolean hasHeader = request.headers().contains(HttpHeaderNames.AUTHORIZATION);
        Reply reply =
            Reply.error(
                    401,
                    hasHeader
                        ? "the bearer token is not valid"
                        : "send Authorization: Bearer <token>")
                .withHeader(
                    HttpHeaderNames.WWW_AUTHENTICATE.toString(),
                    hasHeader
                        ? "Bearer realm=\"sluice\", error=\"invalid_token\""
                        : "Bearer realm=\"sluice\"");
        Responses.write(ctx, reply, HttpUtil.isKeepAlive(request), metrics);
      }
    }
    if (discarding) {
      if (msg instanceof LastHttpContent) {
        discarding = false;
      }
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }
}
