package dev.sluice.ingest.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the shipper's saved positions as versioned JSON: {@code {"version":1,
 * "positions":[{"fingerprint","offset","path","lastSeen"}]}}. Reading a version it does not know,
 * or a malformed document, fails with a message that says so; it never returns partial state.
 */
public final class SavedPositionsSerializer {
  /** The format version this class writes. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private SavedPositionsSerializer() {}

  /** Serializes the positions. */
  public static byte[] serialize(List<SavedPosition> positions) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ArrayNode array = root.putArray("positions");
    for (SavedPosition p : positions) {
      ObjectNode node = array.addObject();
      node.put("fingerprint", p.fingerprint());
      node.put("offset", p.offset());
      node.put("path", p.path());
      node.put("lastSeen", p.lastSeenMillis());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize positions", e);
    }
  }

  /**
   * Reads positions written by {@link #serialize}.
   *
   * @throws IOException if the bytes are not a whole positions document of a known version
   */
  public static List<SavedPosition> deserialize(byte[] bytes) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new IOException(
          "not a positions document ("
              + e.getOriginalMessage()
              + "): "
              + new String(bytes, 0, Math.min(bytes.length, 40), StandardCharsets.UTF_8),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException("not a positions document: empty or not a JSON object");
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw new IOException(
          "positions format version "
              + version
              + " is not one this shipper reads (it reads "
              + VERSION
              + "); was it written by a newer sluice?");
    }
    JsonNode array = root.path("positions");
    if (!array.isArray()) {
      throw new IOException("positions document has no 'positions' array");
    }
    List<SavedPosition> positions = new ArrayList<>();
    for (JsonNode node : array) {
      if (!node.hasNonNull("fingerprint") || !node.path("offset").canConvertToLong()) {
        throw new IOException("positions entry without fingerprint or offset: " + node);
      }
      try {
        positions.add(
            new SavedPosition(
                node.get("fingerprint").asText(),
                node.get("offset").asLong(),
                node.path("path").asText(""),
                node.path("lastSeen").asLong(0)));
      } catch (IllegalArgumentException e) {
        throw new IOException("bad positions entry " + node + ": " + e.getMessage(), e);
      }
    }
    return positions;
  }
}
