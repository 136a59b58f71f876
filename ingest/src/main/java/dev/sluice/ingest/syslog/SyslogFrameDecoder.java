package dev.sluice.ingest.syslog;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a syslog TCP stream into {@link SyslogFrame}s, deciding the framing per frame as RFC 6587
 * describes: a frame that starts with a non-zero digit, up to nine more digits and a space is
 * octet-counted ({@code MSG-LEN SP SYSLOG-MSG}); anything else runs to the next {@code LF} (a
 * trailing {@code CR} is dropped). Senders may mix both on one connection.
 *
 * <p>Guarantees: memory per connection stays within about {@code maxFrameBytes}; a longer message
 * is cut to {@code maxFrameBytes}, flagged truncated, and the rest of it is skipped, so the next
 * frame is still found. Empty lines are skipped. Bytes left when the connection closes are the last
 * frame (octet-counted and incomplete: flagged truncated). Never throws on any input.
 */
final class SyslogFrameDecoder extends ByteToMessageDecoder {
  private static final int NEWLINE_FRAMING = -1;
  private static final int NEED_MORE = -2;
  private static final int MAX_DIGITS = 10;

  private final int maxFrameBytes;
  private long skip;
  private boolean discardingLine;
  private int prefixLength;

  SyslogFrameDecoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      if (skip > 0) {
        int n = (int) Math.min(skip, in.readableBytes());
        in.skipBytes(n);
        skip -= n;
        continue;
      }
      if (discardingLine) {
        int nl = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (nl < 0) {
          in.skipBytes(in.readableBytes());
          return;
        }
        in.readerIndex(nl + 1);
        discardingLine = false;
        continue;
      }
      long length = octetCount(in);
      if (length == NEED_MORE) {
        return;
      }
      boolean progressed =
          length == NEWLINE_FRAMING ? newlineFrame(in, out) : octetFrame(in, length, out);
      if (!progressed) {
        return;
      }
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    decode(ctx, in, out);
    if (!in.isReadable() || skip > 0 || discardingLine) {
      in.skipBytes(in.readableBytes());
      return;
    }
    long length = octetCount(in);
    boolean octet = length >= 0;
    if (octet) {
      in.skipBytes(prefixLength);
    }
    int n = Math.min(in.readableBytes(), maxFrameBytes);
    emit(in, in.readerIndex(), n, octet || in.readableBytes() > maxFrameBytes, out);
    in.skipBytes(in.readableBytes());
  }

  /** The MSG-LEN of an octet-counted frame at the reader index, or a NEWLINE_FRAMING/NEED_MORE. */
  private long octetCount(ByteBuf in) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    byte first = in.getByte(start);
    if (first < '1' || first > '9') {
      return NEWLINE_FRAMING;
    }
    long value = 0;
    for (int i = start; i < end; i++) {
      byte b = in.getByte(i);
      if (b == ' ') {
        prefixLength = i - start + 1;
        return value;
      }
      if (b < '0' || b > '9' || i - start >= MAX_DIGITS) {
        return NEWLINE_FRAMING;
      }
      value = value * 10 + (b - '0');
    }
    return end - start > MAX_DIGITS ? NEWLINE_FRAMING : NEED_MORE;
  }

  private boolean octetFrame(ByteBuf in, long length, List<Object> out) {
    int wanted = (int) Math.min(length, maxFrameBytes);
    if (in.readableBytes() < prefixLength + wanted) {
      return false;
    }
    in.skipBytes(prefixLength);
    emit(in, in.readerIndex(), wanted, length > maxFrameBytes, out);
    in.skipBytes(wanted);
    skip = length - wanted;
    return true;
  }

  private boolean newlineFrame(ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int searchEnd = (int) Math.min(in.writerIndex(), (long) start + maxFrameBytes + 2);
    int nl = in.indexOf(start, searchEnd, (byte) '\n');
    if (nl >= 0) {
      int length = nl - start;
      if (length > 0 && in.getByte(nl - 1) == '\r') {
        length--;
      }
      emit(in, start, Math.min(length, maxFrameBytes), length > maxFrameBytes, out);
      in.readerIndex(nl + 1);
      return true;
    }
    if (in.readableBytes() > maxFrameBytes + 1) {
      emit(in, start, maxFrameBytes, true, out);
      in.skipBytes(maxFrameBytes);
      discardingLine = true;
      return true;
    }
    return false;
  }

  private static void emit(ByteBuf in, int index, int length, boolean truncated, List<Object> out) {
    if (length == 0) {
      return;
    }
    out.add(new SyslogFrame(in.toString(index, length, StandardCharsets.UTF_8), length, truncated));
  }
}
