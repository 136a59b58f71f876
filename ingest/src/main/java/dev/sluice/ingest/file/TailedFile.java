package dev.sluice.ingest.file;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One open file a {@link FileSource} follows: its current path, the source identity it reads (once
 * its first line is complete), how far it has been read, and the start of a line not yet complete.
 * Read state belongs to the reader thread; the public getters may be called from any thread.
 */
public final class TailedFile {
  private static final byte[] EMPTY = new byte[0];

  final Object fileKey;
  final FileContent content;
  volatile Path path;
  volatile SourcePosition position;
  volatile long readPosition;
  volatile long lineStart;
  volatile long knownSize;
  byte[] head = EMPTY;
  byte[] partial = EMPTY;
  int partialLength;
  boolean overflow;
  boolean matched = true;
  boolean endOfFinalFile;
  long lastReadNanos = System.nanoTime();
  long statSize;

  TailedFile(Path path, Object fileKey, FileContent content) {
    this.path = path;
    this.fileKey = fileKey;
    this.content = content;
  }

  /** The path the file has now. */
  public Path path() {
    return path;
  }

  /** The source identity being read, or null while the first line is incomplete. */
  public SourcePosition position() {
    return position;
  }

  /** The name events carry as their source: the path the content was first read under. */
  public String sourceName() {
    SourcePosition p = position;
    return p == null ? path.toString() : p.path();
  }

  /** The position after the last complete line read. */
  public long lineStart() {
    return lineStart;
  }

  /** How far the file has been read (complete lines and the partial one). */
  public long readPosition() {
    return readPosition;
  }

  /**
   * The file's size now (safe from any thread; the last size seen if it cannot be asked), or -1
   * when unknown (gzip).
   */
  public long knownSize() {
    if (content.isFinal()) {
      return -1;
    }
    try {
      knownSize = content.size();
    } catch (IOException | RuntimeException e) {
      // closed meanwhile: keep the last size seen
    }
    return knownSize;
  }

  void attach(SourcePosition source, long start) {
    position = source;
    readPosition = start;
    lineStart = start;
    partialLength = 0;
    overflow = false;
    endOfFinalFile = false;
  }

  void detach() {
    SourcePosition p = position;
    if (p != null && p.holder() == this) {
      p.holder(null);
    }
    position = null;
    readPosition = 0;
    lineStart = 0;
    partialLength = 0;
    overflow = false;
  }

  /** Appends bytes of the unfinished line, keeping at most {@code max}; sets overflow past it. */
  void appendPartial(byte[] bytes, int offset, int length, int max) {
    int room = max - partialLength;
    int take = Math.min(room, length);
    if (take < length) {
      overflow = true;
    }
    if (take <= 0) {
      return;
    }
    if (partial.length < partialLength + take) {
      int capacity = Math.max(partial.length * 2, 256);
      partial =
          java.util.Arrays.copyOf(partial, Math.min(Math.max(capacity, partialLength + take), max));
    }
    System.arraycopy(bytes, offset, partial, partialLength, take);
    partialLength += take;
  }

  void close() throws IOException {
    detachHolderOnly();
    content.close();
  }

  private void detachHolderOnly() {
    SourcePosition p = position;
    if (p != null && p.holder() == this) {
      p.holder(null);
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
