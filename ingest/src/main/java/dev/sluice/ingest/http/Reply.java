package dev.sluice.ingest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer: status, content type, body and extra headers. Error replies of the JSON-lines
 * endpoint are {@code {"error": reason}}; OTLP replies are built by {@code otlp.OtlpReplies}.
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Reply {
    headers = Map.copyOf(headers);
  }

  /** A JSON object reply. */
  public static Reply json(int status, Map<String, Object> fields, Map<String, String> headers) {
    ObjectNode node = JSON.createObjectNode();
    fields.forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
    return new Reply(
        status, "application/json", node.toString().getBytes(StandardCharsets.UTF_8), headers);
  }

  /** {@code {"error": reason}} with {@code status}. */
  public static Reply error(int status, String reason) {
    return json(status, Map.of("error", reason), Map.of());
  }

  /** The same reply with one more header. */
  public Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, contentType, body, more);
  }

  /** Whether this answers success (2xx). */
  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
