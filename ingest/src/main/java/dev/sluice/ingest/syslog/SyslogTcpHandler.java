package dev.sluice.ingest.syslog;

import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import dev.sluice.ingest.metrics.ShipMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the frames of one TCP connection, turns each into a record and queues the records of
 * each socket read together ({@link #packed} in memory) once the read is complete (or the
 * connection closed, or {@link #HAND_OVER_BYTES} of records are waiting). When the queue is full it
 * stops reading this connection ({@code autoRead=false}) until the queue has room again, so the
 * sender's TCP window fills and it is pushed back; it never blocks the event loop and never drops a
 * frame it has read. Event ids are {@code <listener run id>-<connection>:<frame number>}, unique
 * per shipper run.
 */
final class SyslogTcpHandler extends SimpleChannelInboundHandler<SyslogFrame> {
  /** Records handed to the queue together: at the end of each read, or once this many bytes. */
  static final int HAND_OVER_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(SyslogTcpHandler.class);

  private final SyslogEvents events;
  private final DeliveryQueue queue;
  private final ShipMetrics metrics;
  private final String transport;
  private final String idPrefix;
  private List<OutgoingRecord> read = new ArrayList<>();
  private long readBytes;
  private String peer = "unknown";
  private long frames;

  SyslogTcpHandler(
      SyslogEvents events,
      DeliveryQueue queue,
      ShipMetrics metrics,
      String transport,
      String idPrefix) {
    this.events = events;
    this.queue = queue;
    this.metrics = metrics;
    this.transport = transport;
    this.idPrefix = idPrefix;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
      peer = SyslogListeners.peer(remote);
    }
    super.channelActive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, SyslogFrame frame) {
    metrics.linesRead.increment();
    metrics.bytesRead.add(frame.bytes());
    if (frame.truncated()) {
      metrics.eventsTruncated.increment();
    }
    OutgoingRecord record = events.toRecord(frame, idPrefix + ":" + frames++, transport, peer);
    read.add(record);
    readBytes += record.size();
    if (readBytes >= HAND_OVER_BYTES) {
      handOver(ctx); // a read of several socket buffers: the queue sees it fill, autoRead stops
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    handOver(ctx);
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    handOver(ctx); // the last frames of a closed connection
    super.channelInactive(ctx);
  }

  private void handOver(ChannelHandlerContext ctx) {
    if (read.isEmpty()) {
      return;
    }
    boolean room = queue.addAll(packed(read), ctx.channel()); // the queue keeps the list
    read = new ArrayList<>(read.size());
    readBytes = 0;
    if (!room) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  /**
   * The same records, each value copied into a new array, the copies and their records allocated
   * one after the other. Encoding leaves each record among the parser's garbage of its message;
   * packed, the sender thread (the serial stage, on another core) reads them in address order,
   * which the hardware prefetches: in {@code sluice bench ingest} its CPU per event went from
   * 1.10–1.14 to 0.93–0.94 µs, for about 0.08 µs more on the event loops. The bytes are the same.
   */
  static List<OutgoingRecord> packed(List<OutgoingRecord> records) {
    List<OutgoingRecord> packed = new ArrayList<>(records.size());
    for (OutgoingRecord r : records) {
      packed.add(new OutgoingRecord(r.topic(), r.key(), r.value().clone(), r.reject()));
    }
    return packed;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) { // the sender went away (reset, TLS alert): routine
      LOG.debug("syslog {} connection from {}: {}", transport, peer, cause.toString());
      ctx.close();
      return;
    }
    LOG.warn(
        "syslog {} connection from {} failed: {}; closing it", transport, peer, cause.toString());
    ctx.close();
  }
}
