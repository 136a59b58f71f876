package dev.sluice.ingest.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The shipper's state directory: the saved read positions, written atomically (a temporary file,
 * fsync, rename), so a crash at any moment leaves either the previous or the new positions, never a
 * torn file. The directory is locked while a shipper uses it: a second shipper on the same
 * directory fails at start instead of corrupting positions.
 */
public final class StateStore implements Closeable {
  static final String POSITIONS = "positions.json";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private StateStore(Path dir, FileChannel lockChannel, FileLock lock) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating it if needed) and locks a state directory.
   *
   * @throws IllegalStateException if another shipper holds the directory or it is not writable
   */
  public static StateStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "another shipper is using the state directory "
                + dir
                + "; give each shipper its own state directory");
      }
      return new StateStore(dir, channel, lock);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot use state directory " + dir + ": " + e + " (is it writable?)", e);
    }
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /** The positions saved last, or none on first use. */
  public List<SavedPosition> load() {
    Path file = dir.resolve(POSITIONS);
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return SavedPositionsSerializer.deserialize(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read saved positions "
              + file
              + ": "
              + e.getMessage()
              + ". Move the file away to start over (files are then read as never seen).",
          e);
    }
  }

  /** Saves positions atomically and durably. */
  public void save(List<SavedPosition> positions) throws IOException {
    Path tmp = dir.resolve(POSITIONS + ".tmp");
    byte[] bytes = SavedPositionsSerializer.serialize(positions);
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
    try {
      Files.move(
          tmp,
          dir.resolve(POSITIONS),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(POSITIONS), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    lockChannel.close();
  }
}
