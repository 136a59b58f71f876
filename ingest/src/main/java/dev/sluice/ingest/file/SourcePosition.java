package dev.sluice.ingest.file;

/**
 * What the shipper knows about one source identity (a {@link FileFingerprint}): where it was last
 * seen, how far it has been delivered, and which open file currently reads it.
 */
public final class SourcePosition {
  private final String fingerprint;
  private final DeliveredPosition delivery;
  private volatile String path;
  private volatile long lastSeenMillis;
  private volatile TailedFile holder;

  SourcePosition(String fingerprint, String path, long start, long lastSeenMillis) {
    this.fingerprint = fingerprint;
    this.path = path;
    this.delivery = new DeliveredPosition(start);
    this.lastSeenMillis = lastSeenMillis;
  }

  public String fingerprint() {
    return fingerprint;
  }

  /** The path the source was first read under (stable across rename rotation). */
  public String path() {
    return path;
  }

  public DeliveredPosition delivery() {
    return delivery;
  }

  public long lastSeenMillis() {
    return lastSeenMillis;
  }

  void seen(long millis) {
    lastSeenMillis = millis;
  }

  TailedFile holder() {
    return holder;
  }

  void holder(TailedFile file) {
    this.holder = file;
  }
}
