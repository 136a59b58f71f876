package dev.sluice.ingest.http.otlp;

import com.google.protobuf.ByteString;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Turns OTLP trace and span ids into lower-case hex, as {@code LogEvent.traceId}/{@code spanId}
 * hold them. From protobuf the id is its raw bytes. From OTLP/JSON the id was written as hex, which
 * protobuf's JSON reader took for base64 (hex digits are base64 letters and 32 or 16 of them decode
 * without padding), so encoding those bytes as base64 again gives the client's hex text back
 * exactly; a client that sent real base64 gets its bytes in hex.
 */
final class TraceIds {
  private static final HexFormat HEX = HexFormat.of();

  private TraceIds() {}

  /** The id in hex, or null when it is empty. */
  static String hex(ByteString id, OtlpEncoding encoding) {
    if (id.isEmpty()) {
      return null;
    }
    byte[] bytes = id.toByteArray();
    if (encoding == OtlpEncoding.JSON) {
      String text = Base64.getEncoder().encodeToString(bytes);
      if (isHex(text)) {
        return text.toLowerCase(Locale.ROOT);
      }
    }
    return HEX.formatHex(bytes);
  }

  private static boolean isHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return !text.isEmpty();
  }
}
