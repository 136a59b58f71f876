package dev.sluice.sink;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When an open part file is finished. A file is rolled when it reaches {@link #maxFileSize()}
 * bytes, when it has been open for {@link #maxAge()}, or when nothing was written to it for {@link
 * #inactivity()}; a writer with more than its maximum of open partitions also rolls the least
 * recently written one.
 *
 * <p>Files are not rolled at checkpoints: a file stays open across checkpoints (its bytes are kept
 * as multipart-upload parts and a small remainder), so the checkpoint interval does not decide file
 * sizes. A rolled file becomes visible when the next checkpoint completes.
 *
 * <p>Guarantee: the decisions are pure functions of the file's size and times and the instant
 * passed in, so tests drive them with any clock.
 */
public final class RollingPolicy implements Serializable {
  private static final long serialVersionUID = 1L;

  /** 64 MiB. */
  public static final long DEFAULT_MAX_FILE_SIZE = 64L << 20;

  /** 15 minutes. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(15);

  /** 5 minutes. */
  public static final Duration DEFAULT_INACTIVITY = Duration.ofMinutes(5);

  private final long maxFileSize;
  private final Duration maxAge;
  private final Duration inactivity;

  private RollingPolicy(long maxFileSize, Duration maxAge, Duration inactivity) {
    this.maxFileSize = maxFileSize;
    this.maxAge = maxAge;
    this.inactivity = inactivity;
  }

  /** 64 MiB, 15 minutes, 5 minutes. */
  public static RollingPolicy defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Roll once a file holds this many bytes (compressed, as stored). */
  public long maxFileSize() {
    return maxFileSize;
  }

  /** Roll once a file has been open this long. */
  public Duration maxAge() {
    return maxAge;
  }

  /** Roll once nothing was written to a file for this long. */
  public Duration inactivity() {
    return inactivity;
  }

  /** Whether a file of {@code sizeBytes} is full. */
  public boolean isFull(long sizeBytes) {
    return sizeBytes >= maxFileSize;
  }

  /**
   * Whether a file should be rolled now.
   *
   * @param sizeBytes bytes in the file so far
   * @param openedAt when the file was opened
   * @param lastWriteAt when a record was last written to it
   * @param now the current instant, from the caller's clock
   */
  public boolean shouldRoll(long sizeBytes, Instant openedAt, Instant lastWriteAt, Instant now) {
    return isFull(sizeBytes)
        || !now.isBefore(openedAt.plus(maxAge))
        || !now.isBefore(lastWriteAt.plus(inactivity));
  }

  @Override
  public String toString() {
    return "RollingPolicy{maxFileSize="
        + maxFileSize
        + ", maxAge="
        + maxAge
        + ", inactivity="
        + inactivity
        + "}";
  }

  /** Builds a {@link RollingPolicy}; {@link #build()} checks the values. */
  public static final class Builder {
    private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
    private Duration maxAge = DEFAULT_MAX_AGE;
    private Duration inactivity = DEFAULT_INACTIVITY;

    private Builder() {}

    /** Roll at this many bytes (at least 1 KiB; default 64 MiB). */
    public Builder maxFileSize(long bytes) {
      this.maxFileSize = bytes;
      return this;
    }

    /** Roll files open this long (default 15 minutes). */
    public Builder maxAge(Duration age) {
      this.maxAge = Objects.requireNonNull(age, "maxAge");
      return this;
    }

    /** Roll files nothing was written to for this long (default 5 minutes). */
    public Builder inactivity(Duration idle) {
      this.inactivity = Objects.requireNonNull(idle, "inactivity");
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalArgumentException naming the setting to fix
     */
    public RollingPolicy build() {
      if (maxFileSize < 1024) {
        throw new IllegalArgumentException(
            "rolling maxFileSize must be at least 1024 bytes, got " + maxFileSize);
      }
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("rolling maxAge must be positive, got " + maxAge);
      }
      if (inactivity.isNegative() || inactivity.isZero()) {
        throw new IllegalArgumentException(
            "rolling inactivity must be positive, got " + inactivity);
      }
      return new RollingPolicy(maxFileSize, maxAge, inactivity);
    }
  }
}
