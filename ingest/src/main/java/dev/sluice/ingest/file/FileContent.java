package dev.sluice.ingest.file;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * The bytes of one open log file, read by position. A plain file is read with positional reads on
 * an open channel, so it can still be read to its end after it was renamed or deleted; a gzip file
 * is decompressed as a stream and positions count decompressed bytes.
 */
abstract sealed class FileContent implements Closeable {

  /** Opens a file; names ending in {@code .gz} are read as gzip. */
  static FileContent open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    return path.getFileName().toString().endsWith(".gz") ? new Gzip(channel) : new Plain(channel);
  }

  /**
   * Reads up to {@code length} bytes starting at {@code position}; returns the number read, 0 or -1
   * when there is nothing at that position yet.
   */
  abstract int read(long position, byte[] buffer, int offset, int length) throws IOException;

  /** Current length in bytes, or -1 when unknown (gzip). */
  abstract long size() throws IOException;

  /** Whether the file is complete and will not grow (gzip). */
  abstract boolean isFinal();

  /** Reads the file's first bytes into {@code head}; returns how many. */
  int readHead(byte[] head) throws IOException {
    int filled = 0;
    while (filled < head.length) {
      int n = read(filled, head, filled, head.length - filled);
      if (n <= 0) {
        break;
      }
      filled += n;
    }
    return filled;
  }

  /** A plain, possibly growing file. */
  static final class Plain extends FileContent {
    private final FileChannel channel;

    Plain(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    int read(long position, byte[] buffer, int offset, int length) throws IOException {
      return channel.read(ByteBuffer.wrap(buffer, offset, length), position);
    }

    @Override
    long size() throws IOException {
      return channel.size();
    }

    @Override
    boolean isFinal() {
      return false;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** A gzip-compressed rotated file; read forward, re-opened from the start to seek back. */
  static final class Gzip extends FileContent {
    private final FileChannel channel;
    private InputStream stream;
    private long streamPosition;

    Gzip(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    int read(long position, byte[] buffer, int offset, int length) throws IOException {
      if (stream == null || position < streamPosition) {
        channel.position(0);
        stream =
            new GZIPInputStream(new BufferedInputStream(Channels.newInputStream(channel)), 65536);
        streamPosition = 0;
      }
      while (streamPosition < position) {
        long skipped = stream.skip(position - streamPosition);
        if (skipped <= 0) {
          return -1;
        }
        streamPosition += skipped;
      }
      int n = stream.read(buffer, offset, length);
      if (n > 0) {
        streamPosition += n;
      }
      return n;
    }

    @Override
    long size() {
      return -1;
    }

    @Override
    boolean isFinal() {
      return true;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
