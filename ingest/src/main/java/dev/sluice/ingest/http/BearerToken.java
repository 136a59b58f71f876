package dev.sluice.ingest.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks an {@code Authorization: Bearer <token>} header against the configured token in constant
 * time: both sides are hashed (SHA-256) first, so neither the content nor the length of the
 * configured token leaks through timing. Holds only the token's hash; it has no {@code toString}
 * that could show it.
 */
final class BearerToken {
  private final byte[] expectedHash;

  BearerToken(String token) {
    this.expectedHash = sha256(token);
  }

  /** Whether {@code authorization} (the header's value, may be null) carries the right token. */
  boolean accepts(String authorization) {
    if (authorization == null || authorization.length() < 7) {
      return false;
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(expectedHash, sha256(authorization.substring(7).strip()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
