package dev.sluice.ingest.file;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Turns the bytes read from a followed file into lines for a {@link LineSink}: a line ends at
 * {@code \n} (a {@code \r} before it is dropped); bytes after the last terminator are kept in the
 * file's partial line until the rest arrives (or {@link #emitPartial} ships them); a line longer
 * than the maximum is cut and flagged truncated, never dropped. Each line carries its byte range in
 * the file, so its end is the position a restart resumes at.
 */
final class FileLines {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private FileLines() {}

  /**
   * Emits the complete lines of {@code buffer[0, n)}, read at {@code base} of {@code file}, and
   * keeps what follows the last terminator as the file's partial line.
   */
  static void split(
      TailedFile file, LineSink sink, byte[] buffer, int n, long base, int maxLineBytes) {
    int start = 0;
    for (int i = newline(buffer, 0, n); i >= 0; i = newline(buffer, i + 1, n)) {
      long end = base + i + 1;
      if (file.partialLength == 0 && !file.overflow) {
        emit(file, sink, buffer, start, i - start, false, end, maxLineBytes);
      } else {
        file.appendPartial(buffer, start, i - start, maxLineBytes);
        emit(file, sink, file.partial, 0, file.partialLength, file.overflow, end, maxLineBytes);
        file.partialLength = 0;
        file.overflow = false;
      }
      start = i + 1;
    }
    if (start < n) {
      file.appendPartial(buffer, start, n - start, maxLineBytes);
    }
  }

  /**
   * The index of the first {@code \n} in {@code bytes[from, to)}, or -1: eight bytes at a time (a
   * byte equals {@code \n} where {@code word ^ 0x0A..} has a zero byte, found with the classic "has
   * a zero byte" arithmetic; only bytes after a true zero can be flagged falsely, so the lowest
   * flag is exact), the tail byte by byte. A hand-written scan: the JDK has no vectorised search of
   * a byte array.
   */
  static int newline(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(bytes, i) ^ 0x0A0A0A0A0A0A0A0AL;
      long zero = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
      if (zero != 0) {
        return i + (Long.numberOfTrailingZeros(zero) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Emits the unterminated line read so far; it ends at the read position. */
  static void emitPartial(TailedFile file, LineSink sink, int maxLineBytes) {
    emit(
        file,
        sink,
        file.partial,
        0,
        file.partialLength,
        file.overflow,
        file.readPosition,
        maxLineBytes);
    file.partialLength = 0;
    file.overflow = false;
    sink.readEnded(file);
  }

  private static void emit(
      TailedFile file,
      LineSink sink,
      byte[] bytes,
      int offset,
      int length,
      boolean truncated,
      long end,
      int maxLineBytes) {
    if (length > 0 && bytes[offset + length - 1] == '\r') {
      length--;
    }
    if (length > maxLineBytes) {
      length = maxLineBytes;
      truncated = true;
    }
    sink.line(file, bytes, offset, length, file.lineStart, end, truncated);
    file.lineStart = end;
  }
}
