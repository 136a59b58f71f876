package dev.sluice.ingest.syslog;

import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import dev.sluice.ingest.metrics.ShipMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.nio.charset.StandardCharsets;

/**
 * Receives syslog datagrams (RFC 5426: one message per datagram; trailing {@code LF}, {@code CR}
 * and {@code NUL} are dropped) and queues them. UDP cannot push back: a datagram that arrives while
 * the queue is full is dropped and counted in {@link ShipMetrics#udpDropped}. Event ids are {@code
 * <listener run id>-udp:<datagram number>}.
 */
final class SyslogUdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private final SyslogEvents events;
  private final DeliveryQueue queue;
  private final ShipMetrics metrics;
  private final int maxFrameBytes;
  private final String idPrefix;
  private long datagrams;

  SyslogUdpHandler(
      SyslogEvents events,
      DeliveryQueue queue,
      ShipMetrics metrics,
      int maxFrameBytes,
      String idPrefix) {
    this.events = events;
    this.queue = queue;
    this.metrics = metrics;
    this.maxFrameBytes = maxFrameBytes;
    this.idPrefix = idPrefix;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ByteBuf content = packet.content();
    int start = content.readerIndex();
    int end = content.writerIndex();
    while (end > start) {
      byte last = content.getByte(end - 1);
      if (last != '\n' && last != '\r' && last != 0) {
        break;
      }
      end--;
    }
    int length = end - start;
    if (length == 0) {
      return;
    }
    metrics.linesRead.increment();
    metrics.bytesRead.add(length);
    if (queue.full()) { // drop before spending time on parsing and encoding
      metrics.udpDropped.increment();
      return;
    }
    boolean truncated = length > maxFrameBytes;
    if (truncated) {
      metrics.eventsTruncated.increment();
      length = maxFrameBytes;
    }
    SyslogFrame frame =
        new SyslogFrame(content.toString(start, length, StandardCharsets.UTF_8), length, truncated);
    OutgoingRecord record =
        events.toRecord(
            frame,
            idPrefix + ":" + datagrams++,
            "syslog-udp",
            SyslogListeners.peer(packet.sender()));
    if (!queue.offer(record)) {
      metrics.udpDropped.increment();
    }
  }
}
