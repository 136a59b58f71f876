package dev.sluice.ingest.stdin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code LF} or {@code CR LF}), keeping each line's byte offsets.
 * Guarantees: memory stays within {@code maxLineBytes} (plus a 64 KiB read buffer); a longer line
 * is cut there, flagged, and the rest of it skipped; a last line without a terminator is still a
 * line. Reads only from the calling thread.
 */
final class LineReader {
  /** Receives lines; the bytes are valid only during the call. */
  interface Lines {
    void line(byte[] bytes, int length, long start, long end, boolean truncated)
        throws InterruptedException;
  }

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private byte[] line = new byte[1024];
  private int length;
  private boolean truncated;
  private long lineStart;
  private long position;

  LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** Reads to the end of the stream, passing every line to {@code lines}; returns bytes read. */
  long readAll(Lines lines) throws IOException, InterruptedException {
    int n;
    while ((n = in.read(buffer)) >= 0) {
      int from = 0;
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          append(buffer, from, i - from);
          position += i - from + 1;
          int len = length > 0 && line[length - 1] == '\r' && !truncated ? length - 1 : length;
          lines.line(line, len, lineStart, position, truncated);
          length = 0;
          truncated = false;
          lineStart = position;
          from = i + 1;
        }
      }
      append(buffer, from, n - from);
      position += n - from;
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
    if (length > 0 || truncated) {
      lines.line(line, length, lineStart, position, truncated);
    }
    return position;
  }

  private void append(byte[] bytes, int from, int count) {
    int room = maxLineBytes - length;
    if (count > room) {
      truncated = true;
      count = room;
    }
    if (count <= 0) {
      return;
    }
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + count)));
    }
    System.arraycopy(bytes, from, line, length, count);
    length += count;
  }
}
