package dev.sluice.ingest.file;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link FileSource} finds and reads files.
 *
 * @param globs the files to follow
 * @param readFrom where to start in files present at start-up that have no saved position
 * @param gzip whether matched {@code .gz} files (compressed rotated logs) are read; if not they are
 *     ignored
 * @param maxLineBytes longer lines are cut to this many bytes and flagged as truncated
 * @param closeInactive a fully read and delivered file that has not grown for this long is closed
 *     (and re-opened when it grows)
 * @param partialLineTimeout a last line without its terminator is emitted once the file has not
 *     grown for this long (as Vector and Filebeat do); bytes appended to it later start a new line
 */
public record FileSourceOptions(
    List<PathGlob> globs,
    ReadFrom readFrom,
    boolean gzip,
    int maxLineBytes,
    Duration closeInactive,
    Duration partialLineTimeout) {

  /** The default wait before an unterminated last line is emitted. */
  public static final Duration DEFAULT_PARTIAL_LINE_TIMEOUT = Duration.ofSeconds(5);

  /** Options with the {@linkplain #DEFAULT_PARTIAL_LINE_TIMEOUT default} partial-line timeout. */
  public FileSourceOptions(
      List<PathGlob> globs,
      ReadFrom readFrom,
      boolean gzip,
      int maxLineBytes,
      Duration closeInactive) {
    this(globs, readFrom, gzip, maxLineBytes, closeInactive, DEFAULT_PARTIAL_LINE_TIMEOUT);
  }

  public FileSourceOptions {
    globs = List.copyOf(globs);
    if (globs.isEmpty()) {
      throw new IllegalArgumentException("a file source needs at least one path glob");
    }
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("max line bytes must be positive, got " + maxLineBytes);
    }
    if (partialLineTimeout == null || partialLineTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "the partial-line timeout must be zero or more, got " + partialLineTimeout);
    }
  }
}
