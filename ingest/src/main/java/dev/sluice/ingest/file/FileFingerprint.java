package dev.sluice.ingest.file;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The identity of a log file's content: a 64-bit hash of its first line (at most {@link #MAX_BYTES}
 * bytes), written as 16 hex digits.
 *
 * <p>The identity survives rename rotation (same bytes under a new name), copytruncate (the copy
 * starts with the same first line) and gzip compression of a rotated file (the hash is taken over
 * the decompressed bytes), which is what lets the shipper resume a file at its saved position
 * whatever it is called now. A file whose first line is not complete yet has no identity until it
 * is. Two files whose first lines are byte-for-byte identical share an identity; this is the same
 * trade-off as Vector's checksum fingerprint.
 */
public final class FileFingerprint {
  /** How many leading bytes at most the fingerprint covers. */
  public static final int MAX_BYTES = 1024;

  private FileFingerprint() {}

  /**
   * The fingerprint of a file that starts with {@code head[0..length)}, or empty while its first
   * line is incomplete and shorter than {@link #MAX_BYTES}.
   */
  public static Optional<String> of(byte[] head, int length) {
    int end = prefixLength(head, length);
    return end < 0 ? Optional.empty() : Optional.of(hash(head, end));
  }

  /**
   * How many leading bytes of {@code head[0..length)} the fingerprint covers (the first line with
   * its terminator, at most {@link #MAX_BYTES}), or -1 while the first line is incomplete.
   */
  public static int prefixLength(byte[] head, int length) {
    int limit = Math.min(length, MAX_BYTES);
    for (int i = 0; i < limit; i++) {
      if (head[i] == '\n') {
        return i + 1;
      }
    }
    return length >= MAX_BYTES ? MAX_BYTES : -1;
  }

  private static String hash(byte[] bytes, int length) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes, 0, length);
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
