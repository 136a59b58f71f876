package dev.sluice.processing.anomaly;

import dev.sluice.model.AnomalyKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic anomaly ids: the same incident (kind, where, first window) always gets the same id,
 * so a replay after a restore re-emits the same anomaly rather than a new one.
 */
public final class AnomalyIds {
  private AnomalyIds() {}

  /**
   * A 16-hex-digit id for the incident of {@code kind} at {@code where} starting at {@code start}.
   */
  public static String of(AnomalyKind kind, String service, String where, long start) {
    return hash(kind.name() + '\u0000' + service + '\u0000' + where + '\u0000' + start);
  }

  /** The first 16 hex digits of the SHA-256 of {@code text}. */
  public static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
