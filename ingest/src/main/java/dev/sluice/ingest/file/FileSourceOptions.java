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
 */
public record FileSourceOptions(
    List<PathGlob> globs,
    ReadFrom readFrom,
    boolean gzip,
    int maxLineBytes,
    Duration closeInactive) {

  public FileSourceOptions {
    globs = List.copyOf(globs);
    if (globs.isEmpty()) {
      throw new IllegalArgumentException("a file source needs at least one path glob");
    }
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("max line bytes must be positive, got " + maxLineBytes);
    }
  }
}
