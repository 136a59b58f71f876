package dev.sluice.ingest.file;

/**
 * Turns the bytes read from a followed file into lines for a {@link LineSink}: a line ends at
 * {@code \n} (a {@code \r} before it is dropped); bytes after the last terminator are kept in the
 * file's partial line until the rest arrives (or {@link #emitPartial} ships them); a line longer
 * than the maximum is cut and flagged truncated, never dropped. Each line carries its byte range in
 * the file, so its end is the position a restart resumes at.
 */
final class FileLines {
  private FileLines() {}

  /**
   * Emits the complete lines of {@code buffer[0, n)}, read at {@code base} of {@code file}, and
   * keeps what follows the last terminator as the file's partial line.
   */
  static void split(
      TailedFile file, LineSink sink, byte[] buffer, int n, long base, int maxLineBytes) {
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (buffer[i] == '\n') {
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
    }
    if (start < n) {
      file.appendPartial(buffer, start, n - start, maxLineBytes);
    }
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
