package dev.sluice.ingest.ship;

import dev.sluice.ingest.file.ReadFrom;
import java.time.Duration;

/**
 * How the shipper follows files: where it starts in new files, what it reads, how often it looks
 * for new files and saves positions, and when it forgets or stops. Validated on construction, with
 * errors naming the YAML key.
 *
 * @param readFrom where to start in files never seen that exist at start-up
 * @param gzip whether matched {@code .gz} files (compressed rotations) are read too
 * @param maxLineBytes longer lines are cut and flagged
 * @param closeInactive how long a file may not grow before it is closed
 * @param partialLineTimeout how long a file must not grow before its unterminated last line ships
 * @param scanInterval how often globs are matched again
 * @param checkpointInterval how often acknowledged positions are saved
 * @param stateRetention how long positions of files gone are kept
 * @param stopAtEof whether to stop once every file is read to its end and delivered (backfill)
 */
public record FileFollowing(
    ReadFrom readFrom,
    boolean gzip,
    int maxLineBytes,
    Duration closeInactive,
    Duration partialLineTimeout,
    Duration scanInterval,
    Duration checkpointInterval,
    Duration stateRetention,
    boolean stopAtEof) {
  /**
   * Validates.
   *
   * @throws IllegalArgumentException with a message that says what to change
   */
  public FileFollowing {
    if (maxLineBytes < 1024) {
      throw new IllegalArgumentException(
          "max-line-bytes must be at least 1024, got " + maxLineBytes);
    }
    requirePositive("scan-interval", scanInterval);
    requirePositive("checkpoint-interval", checkpointInterval);
    requirePositive("close-inactive", closeInactive);
    requirePositive("partial-line-timeout", partialLineTimeout);
    requirePositive("state-retention", stateRetention);
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }

  /** Collects the settings, starting from the defaults in {@link ShipSettings}. */
  public static final class Builder {
    private ReadFrom readFrom = ShipSettings.defaultValue("read-from");
    private boolean gzip;
    private int maxLineBytes = ShipSettings.defaultValue("max-line-bytes");
    private Duration closeInactive = ShipSettings.defaultValue("close-inactive");
    private Duration partialLineTimeout = ShipSettings.defaultValue("partial-line-timeout");
    private Duration scanInterval = ShipSettings.defaultValue("scan-interval");
    private Duration checkpointInterval = ShipSettings.defaultValue("checkpoint-interval");
    private Duration stateRetention = ShipSettings.defaultValue("state-retention");
    private boolean stopAtEof;

    Builder() {}

    public Builder readFrom(ReadFrom readFrom) {
      this.readFrom = readFrom;
      return this;
    }

    public Builder gzip(boolean gzip) {
      this.gzip = gzip;
      return this;
    }

    public Builder maxLineBytes(int maxLineBytes) {
      this.maxLineBytes = maxLineBytes;
      return this;
    }

    public Builder closeInactive(Duration closeInactive) {
      this.closeInactive = closeInactive;
      return this;
    }

    public Builder partialLineTimeout(Duration partialLineTimeout) {
      this.partialLineTimeout = partialLineTimeout;
      return this;
    }

    public Builder scanInterval(Duration scanInterval) {
      this.scanInterval = scanInterval;
      return this;
    }

    public Builder checkpointInterval(Duration checkpointInterval) {
      this.checkpointInterval = checkpointInterval;
      return this;
    }

    public Builder stateRetention(Duration stateRetention) {
      this.stateRetention = stateRetention;
      return this;
    }

    public Builder stopAtEof(boolean stopAtEof) {
      this.stopAtEof = stopAtEof;
      return this;
    }

    /** Validates and builds. */
    public FileFollowing build() {
      return new FileFollowing(
          readFrom,
          gzip,
          maxLineBytes,
          closeInactive,
          partialLineTimeout,
          scanInterval,
          checkpointInterval,
          stateRetention,
          stopAtEof);
    }
  }
}
