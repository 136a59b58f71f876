package dev.sluice.ingest.http;

import dev.sluice.ingest.metrics.ShipMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Collects a request's body up to {@code maxBodyBytes} (after decompression, so a small compressed
 * body cannot expand without bound) and answers a larger one 413 with the limit and the setting to
 * change; the rest of the body is discarded. A declared {@code Content-Length} over the limit is
 * refused before the body is read.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {
  private final int maxBodyBytes;
  private final ShipMetrics metrics;

  BodyLimitAggregator(int maxBodyBytes, ShipMetrics metrics) {
    super(maxBodyBytes);
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    Reply reply =
        Reply.error(
            413,
            "the request body is larger than "
                + maxBodyBytes
                + " bytes (http.max-body-bytes); send smaller requests");
    // Keep the connection when the client wants it: the rest of the body is read and discarded, so
    // the client reads the answer instead of a reset.
    boolean keepAlive = HttpUtil.isKeepAlive(oversized) && !(oversized instanceof FullHttpMessage);
    Responses.write(ctx, reply, keepAlive, metrics);
  }
}
