package dev.sluice.cli.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.model.Anomaly;
import dev.sluice.model.Exemplar;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * A generic JSON webhook: {@code POST <url>} with one JSON object per transition (the transition,
 * the whole anomaly, a link) and the header {@code Idempotency-Key}, also in the body as {@code
 * idempotencyKey}, so a receiver drops a redelivery. With a token, {@code Authorization: Bearer
 * <token>}.
 *
 * <p>Guarantees: the key is the same on every delivery of one transition (see {@link
 * Transition#idempotencyKey()}); the token is sent only in the header and never logged.
 */
final class WebhookTarget implements AlertTarget {
  /** The header that carries {@link Transition#idempotencyKey()}. */
  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final URI url;
  private final String token;
  private final AlertText text;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  WebhookTarget(URI url, String token, AlertText text, Duration timeout) {
    this.url = url;
    this.token = token;
    this.text = text;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public String describe() {
    return "webhook (" + AlertTarget.origin(url) + ")";
  }

  @Override
  public HttpRequest request(Transition t) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header(IDEMPOTENCY_HEADER, t.idempotencyKey())
            .POST(HttpRequest.BodyPublishers.ofString(body(t).toString()));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.build();
  }

  ObjectNode body(Transition t) {
    Anomaly a = t.anomaly();
    ObjectNode o = json.createObjectNode();
    o.put("idempotencyKey", t.idempotencyKey());
    o.put("transition", t.kind().name());
    o.put("title", text.title(t));
    o.put("incident", a.getId());
    o.put("kind", a.getKind().name());
    o.put("status", a.getStatus().name());
    o.put("severity", t.severity().name());
    if (t.previousSeverity() != null) {
      o.put("previousSeverity", t.previousSeverity().name());
    }
    o.put("service", a.getService());
    o.put("host", a.getHost());
    o.put("endpoint", a.getEndpoint());
    o.put("templateId", a.getTemplateId());
    o.put("templateText", a.getTemplateText());
    o.put("windowStart", a.getWindowStart().toString());
    o.put("windowEnd", a.getWindowEnd().toString());
    o.put("detectedAt", a.getDetectedAt().toString());
    o.put("observed", a.getObserved());
    o.put("expected", a.getExpected());
    o.put("lowerBound", a.getLowerBound());
    o.put("upperBound", a.getUpperBound());
    o.put("score", a.getScore());
    o.put("description", a.getDescription());
    ArrayNode exemplars = o.putArray("exemplars");
    for (Exemplar e : a.getExemplars()) {
      exemplars
          .addObject()
          .put("eventId", e.getEventId())
          .put("eventTime", e.getEventTime().toString())
          .put("message", e.getMessage());
    }
    o.put("url", text.link(a));
    return o;
  }
}
