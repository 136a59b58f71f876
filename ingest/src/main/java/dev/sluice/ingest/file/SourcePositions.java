package dev.sluice.ingest.file;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every source identity the shipper knows, with its delivered position. Shared by all file sources
 * of one shipper (so two globs matching one file do not ship it twice) and read by the checkpoint
 * thread; only the reader thread adds sources and assigns holders.
 */
public final class SourcePositions {
  private final Map<String, SourcePosition> byFingerprint = new ConcurrentHashMap<>();

  /** Starts from positions saved by an earlier run. */
  public static SourcePositions restore(Collection<SavedPosition> saved) {
    SourcePositions positions = new SourcePositions();
    for (SavedPosition s : saved) {
      positions.byFingerprint.put(
          s.fingerprint(),
          new SourcePosition(s.fingerprint(), s.path(), s.offset(), s.lastSeenMillis()));
    }
    return positions;
  }

  SourcePosition get(String fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  SourcePosition create(String fingerprint, String path, long start, long nowMillis) {
    SourcePosition position = new SourcePosition(fingerprint, path, start, nowMillis);
    byFingerprint.put(fingerprint, position);
    return position;
  }

  /** All known sources. */
  public Collection<SourcePosition> all() {
    return byFingerprint.values();
  }

  /**
   * The positions to persist: the delivered position of every source, dropping sources not seen for
   * longer than {@code retention} that no open file reads.
   */
  public List<SavedPosition> snapshot(long nowMillis, Duration retention) {
    List<SavedPosition> saved = new ArrayList<>();
    for (SourcePosition p : byFingerprint.values()) {
      if (p.holder() == null && nowMillis - p.lastSeenMillis() > retention.toMillis()) {
        byFingerprint.remove(p.fingerprint(), p);
        continue;
      }
      saved.add(
          new SavedPosition(
              p.fingerprint(), p.delivery().delivered(), p.path(), p.lastSeenMillis()));
    }
    return saved;
  }
}
