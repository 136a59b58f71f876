package dev.sluice.ingest.file;

/**
 * A persisted read position: everything in the source before {@code offset} was acknowledged by
 * Kafka.
 *
 * @param fingerprint the source identity ({@link FileFingerprint})
 * @param offset the delivered position in bytes (decompressed bytes for gzip)
 * @param path the path the source was read under
 * @param lastSeenMillis when a file with this identity was last seen, epoch millis
 */
public record SavedPosition(String fingerprint, long offset, String path, long lastSeenMillis) {
  public SavedPosition {
    if (fingerprint == null || fingerprint.isEmpty()) {
      throw new IllegalArgumentException("a saved position needs a fingerprint");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, got " + offset);
    }
  }
}
