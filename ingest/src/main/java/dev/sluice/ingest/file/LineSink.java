package dev.sluice.ingest.file;

/** Receives the lines a {@link FileSource} reads, one read of one file at a time. */
public interface LineSink {
  /**
   * One complete line, without its {@code \n} or {@code \r\n}. The bytes are valid only during the
   * call.
   *
   * @param start position of the line's first byte in the file
   * @param end position after the line's terminator
   * @param truncated whether the line was longer than the maximum and was cut
   */
  void line(
      TailedFile file,
      byte[] bytes,
      int offset,
      int length,
      long start,
      long end,
      boolean truncated);

  /**
   * One read of {@code file} is over; every complete line it contained was passed to {@link #line},
   * and {@link TailedFile#lineStart()} is the position after the last of them.
   */
  void readEnded(TailedFile file);
}
