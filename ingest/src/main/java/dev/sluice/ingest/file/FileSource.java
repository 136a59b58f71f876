package dev.sluice.ingest.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the files matching a set of globs and hands their complete lines to a {@link LineSink}.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Files are identified by content ({@link FileFingerprint}), not by name: a file renamed by
 *       rotation keeps being read through its open handle and, if the glob matches its new name, is
 *       recognised there; a copytruncate copy (when the glob matches it) is resumed at the position
 *       the original had reached; a compressed rotated copy is recognised likewise.
 *   <li>A file that shrinks below the read position, or whose first line changes, was truncated or
 *       overwritten: it is counted, logged and read again from its start.
 *   <li>A source seen before resumes at its saved position ({@link SourcePositions}); one never
 *       seen starts at the beginning, or at the end when {@link ReadFrom#END} is set and the file
 *       was already there at start-up.
 *   <li>Files that appear while running are picked up at the next {@link #scan()}.
 *   <li>A line longer than the maximum is cut and flagged, never dropped; a line is emitted once
 *       its terminator is read, or, for a last line without one, once the file has not grown for
 *       {@link FileSourceOptions#partialLineTimeout()} or when {@link #flushPartialLines} is called
 *       (stop-at-eof), and at the end of a gzip file. Such a line is emitted exactly once: its end
 *       is the file's size, so a restart resumes after it.
 * </ul>
 *
 * <p>Not thread-safe: one reader thread calls {@link #scan()} and {@link #read(LineSink)}.
 */
public final class FileSource implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);
  private static final long UNMATCHED_CLOSE_NANOS = 5_000_000_000L;
  private static final int READ_BUFFER_BYTES = 256 * 1024;

  private final FileSourceOptions options;
  private final SourcePositions positions;
  private final FileSourceListener listener;
  private final Map<Object, TailedFile> files = new LinkedHashMap<>();
  private final Map<Object, Long> closedUnchanged = new HashMap<>();
  private final byte[] buffer = new byte[READ_BUFFER_BYTES];
  private final byte[] head = new byte[FileFingerprint.MAX_BYTES];
  private int headLength;
  private boolean started;

  public FileSource(
      FileSourceOptions options, SourcePositions positions, FileSourceListener listener) {
    this.options = options;
    this.positions = positions;
    this.listener = listener;
  }

  /** The files followed now. */
  public Collection<TailedFile> files() {
    return List.copyOf(files.values());
  }

  /**
   * Lists the globs: picks up new files, follows renames, detects truncation, closes idle files.
   */
  public void scan() {
    long now = System.currentTimeMillis();
    Set<Object> seen = new HashSet<>();
    for (PathGlob glob : options.globs()) {
      for (Path path : glob.list()) {
        if (!options.gzip() && path.getFileName().toString().endsWith(".gz")) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
          continue;
        }
        Object key = attributes.fileKey() != null ? attributes.fileKey() : path.toString();
        if (!seen.add(key)) {
          continue;
        }
        TailedFile file = files.get(key);
        if (file == null) {
          Long closedSize = closedUnchanged.get(key);
          if (closedSize != null && closedSize == attributes.size()) {
            continue;
          }
          closedUnchanged.remove(key);
          file = open(path, key);
          if (file == null) {
            continue;
          }
        } else if (!file.path.equals(path)) {
          LOG.debug("{} is now {}", file.path, path);
          file.path = path;
        }
        file.statSize = attributes.size();
      }
    }
    closedUnchanged.keySet().retainAll(seen);
    for (TailedFile file : files()) {
      file.matched = seen.contains(file.fileKey);
      if (file.position == null) {
        identify(file, now);
      } else {
        verify(file, now);
      }
    }
    closeIdle();
    started = true;
  }

  /**
   * Reads once from every identified file (up to a buffer's worth each) and hands the complete
   * lines to {@code sink}.
   *
   * @return how many bytes were read
   */
  public long read(LineSink sink) {
    long total = 0;
    for (TailedFile file : files.values()) {
      if (file.position != null) {
        total += readOnce(file, sink);
      }
    }
    return total;
  }

  /**
   * Emits the unterminated last line of every file read to its end, without waiting for the
   * partial-line timeout (for stop-at-eof).
   *
   * @return how many lines were emitted
   */
  public int flushPartialLines(LineSink sink) {
    int flushed = 0;
    for (TailedFile file : files.values()) {
      if (file.position != null
          && !file.content.isFinal()
          && (file.partialLength > 0 || file.overflow)
          && file.readPosition >= sizeOf(file)) {
        FileLines.emitPartial(file, sink, options.maxLineBytes());
        flushed++;
      }
    }
    return flushed;
  }

  /** Whether every identified file has been read to its current end. */
  public boolean caughtUp() {
    for (TailedFile file : files.values()) {
      if (file.position == null) {
        continue;
      }
      try {
        if (file.content.isFinal()
            ? !file.endOfFinalFile
            : file.readPosition < file.content.size()) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    for (TailedFile file : files.values()) {
      closeQuietly(file);
    }
    files.clear();
  }

  private TailedFile open(Path path, Object key) {
    try {
      TailedFile file = new TailedFile(path, key, FileContent.open(path));
      files.put(key, file);
      return file;
    } catch (IOException e) {
      LOG.warn("cannot open {}: {} (check its permissions); will retry", path, e.toString());
      return null;
    }
  }

  private Optional<String> fingerprintOf(TailedFile file) {
    try {
      headLength = file.content.readHead(head);
      return FileFingerprint.of(head, headLength);
    } catch (IOException e) {
      headLength = 0;
      return Optional.empty();
    }
  }

  private void identify(TailedFile file, long now) {
    Optional<String> fingerprint = fingerprintOf(file);
    if (fingerprint.isEmpty()) {
      return;
    }
    String id = fingerprint.get();
    byte[] prefix = Arrays.copyOf(head, FileFingerprint.prefixLength(head, headLength));
    SourcePosition source = positions.get(id);
    if (source != null && source.holder() != null && source.holder() != file) {
      TailedFile holder = source.holder();
      if (stillReads(holder, id)) {
        return; // the same content is open under another name: a copy, not new data
      }
      detach(holder, "its content changed");
    }
    long size = sizeOf(file);
    long start;
    if (source == null) {
      start = !started && options.readFrom() == ReadFrom.END && size > 0 ? size : 0;
      source = positions.create(id, file.path.toString(), start, now);
    } else {
      start = source.delivery().handedOff();
      if (size >= 0 && start > size) {
        LOG.info(
            "{} starts like a file read up to {} but has only {} bytes: it was rewritten;"
                + " reading it from the start",
            file.path,
            start,
            size);
        listener.fileTruncated(file.path.toString());
        start = 0;
        source = positions.create(id, file.path.toString(), 0, now);
      }
    }
    source.holder(file);
    source.seen(now);
    file.attach(source, start);
    file.head = prefix;
    file.knownSize = size;
    LOG.debug("following {} (source {}) from position {}", file.path, id, start);
  }

  private boolean stillReads(TailedFile holder, String fingerprint) {
    if (holder.content.isFinal()) {
      return true;
    }
    try {
      return holder.content.size() >= holder.readPosition
          && fingerprintOf(holder).map(fingerprint::equals).orElse(false);
    } catch (IOException e) {
      return false;
    }
  }

  private void verify(TailedFile file, long now) {
    file.position.seen(now);
    if (file.content.isFinal()) {
      return;
    }
    long size = sizeOf(file);
    file.knownSize = size;
    if (size < file.readPosition) {
      detach(file, "size " + size + " < read position " + file.readPosition);
      identify(file, now);
    } else if (!fingerprintOf(file).map(file.position.fingerprint()::equals).orElse(false)) {
      detach(file, "its first line changed");
      identify(file, now);
    }
  }

  /**
   * Whether the file still holds at least {@code end} bytes and starts with the line it was
   * identified by: checked after each read, so bytes read across a truncation are never emitted.
   */
  private boolean sameContent(TailedFile file, long end) {
    try {
      if (file.content.size() < end) {
        return false;
      }
      byte[] expected = file.head;
      int n = file.content.readHead(head);
      return n >= expected.length
          && Arrays.equals(head, 0, expected.length, expected, 0, expected.length);
    } catch (IOException e) {
      return false;
    }
  }

  private void detach(TailedFile file, String why) {
    LOG.info("{} was truncated or overwritten ({}); reading it from the start", file.path, why);
    listener.fileTruncated(file.path.toString());
    file.detach();
  }

  private long readOnce(TailedFile file, LineSink sink) {
    int n;
    try {
      n = file.content.read(file.readPosition, buffer, 0, buffer.length);
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}; will retry", file.path, e.toString());
      return 0;
    }
    if (n <= 0) {
      atEnd(file, sink);
      return 0;
    }
    long base = file.readPosition;
    if (!file.content.isFinal() && !sameContent(file, base + n)) {
      // Truncated (and perhaps rewritten past our position) while we read: these bytes may
      // belong to the new content. Drop them; the old content's tail is in its copy, if any.
      detach(file, "its content changed while it was read");
      return 0;
    }
    file.lastReadNanos = System.nanoTime();
    FileLines.split(file, sink, buffer, n, base, options.maxLineBytes());
    file.readPosition = base + n;
    listener.bytesRead(n);
    sink.readEnded(file);
    return n;
  }

  private void atEnd(TailedFile file, LineSink sink) {
    if (file.content.isFinal()) {
      if (!file.endOfFinalFile) {
        file.endOfFinalFile = true;
        if (file.partialLength > 0 || file.overflow) {
          FileLines.emitPartial(file, sink, options.maxLineBytes());
        }
      }
      return;
    }
    long size = sizeOf(file);
    file.knownSize = size;
    if (size < file.readPosition) {
      detach(file, "size " + size + " < read position " + file.readPosition);
    } else if ((file.partialLength > 0 || file.overflow)
        && System.nanoTime() - file.lastReadNanos >= options.partialLineTimeout().toNanos()) {
      FileLines.emitPartial(file, sink, options.maxLineBytes());
    }
  }

  private void closeIdle() {
    long now = System.nanoTime();
    Iterator<TailedFile> it = files.values().iterator();
    List<TailedFile> closing = new ArrayList<>();
    while (it.hasNext()) {
      TailedFile file = it.next();
      boolean identified = file.position != null;
      boolean done = identified && atEndOfContent(file) && file.position.delivery().allDelivered();
      long idle = now - file.lastReadNanos;
      if (!file.matched && (!identified || (done && idle > UNMATCHED_CLOSE_NANOS))) {
        closing.add(file);
        it.remove();
      } else if (file.matched && done && idle > options.closeInactive().toNanos()) {
        closedUnchanged.put(file.fileKey, file.statSize);
        closing.add(file);
        it.remove();
      }
    }
    for (TailedFile file : closing) {
      LOG.debug("closing {}", file.path);
      closeQuietly(file);
    }
  }

  private boolean atEndOfContent(TailedFile file) {
    if (file.content.isFinal()) {
      return file.endOfFinalFile;
    }
    return file.readPosition >= sizeOf(file) && file.partialLength == 0;
  }

  private static long sizeOf(TailedFile file) {
    try {
      return file.content.size();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void closeQuietly(TailedFile file) {
    try {
      file.close();
    } catch (IOException e) {
      LOG.debug("closing {}: {}", file.path, e.toString());
    }
  }
}
