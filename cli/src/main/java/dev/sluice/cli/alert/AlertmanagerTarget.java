package dev.sluice.cli.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.model.Anomaly;
import dev.sluice.model.Severity;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Prometheus Alertmanager's API, {@code POST /api/v2/alerts}: one alert per incident whose labels
 * ({@code alertname=SluiceAnomaly}, {@code kind}, {@code service}, {@code severity}, {@code
 * incident}, and {@code host} / {@code endpoint} / {@code template} where they apply) are what
 * routes, silences and inhibition rules match on.
 *
 * <p>Guarantees: the same transition posted twice is the same alert (Alertmanager identifies an
 * alert by its labels), so redelivery is harmless. A firing alert carries {@code endsAt} = now +
 * {@code firingFor}, so it stays firing without being re-posted and still ends if the RESOLVED
 * record never comes; RESOLVED posts {@code endsAt} = the time it resolved. An escalation resolves
 * the alert of the old severity and fires the new one in the same request, so routes by severity
 * see a clean hand-over.
 */
final class AlertmanagerTarget implements AlertTarget {
  static final String ALERT_NAME = "SluiceAnomaly";

  private final URI base;
  private final AlertText text;
  private final Duration firingFor;
  private final Duration timeout;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  AlertmanagerTarget(URI base, AlertText text, Duration firingFor, Duration timeout, Clock clock) {
    this.base = base;
    this.text = text;
    this.firingFor = firingFor;
    this.timeout = timeout;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "alertmanager";
  }

  @Override
  public String describe() {
    return "Alertmanager (" + AlertTarget.origin(base) + ")";
  }

  /** Where {@link AlertConsumer} checks at start that an Alertmanager answers. */
  URI statusUri() {
    return resolve("api/v2/status");
  }

  @Override
  public HttpRequest request(Transition t) {
    ArrayNode alerts = json.createArrayNode();
    Anomaly a = t.anomaly();
    Instant now = clock.instant();
    switch (t.kind()) {
      case OPEN -> alerts.add(alert(a, t.severity(), now.plus(firingFor)));
      case ESCALATED -> {
        alerts.add(alert(a, t.previousSeverity(), endOf(a)));
        alerts.add(alert(a, t.severity(), now.plus(firingFor)));
      }
      case RESOLVED -> alerts.add(alert(a, t.severity(), endOf(a)));
    }
    return HttpRequest.newBuilder(resolve("api/v2/alerts"))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(alerts.toString()))
        .build();
  }

  private ObjectNode alert(Anomaly a, Severity severity, Instant endsAt) {
    ObjectNode alert = json.createObjectNode();
    ObjectNode labels = alert.putObject("labels");
    labels.put("alertname", ALERT_NAME);
    labels.put("kind", a.getKind().name());
    labels.put("service", a.getService());
    labels.put("severity", AlertText.lower(severity.name()));
    labels.put("incident", a.getId());
    if (a.getHost() != null) {
      labels.put("host", a.getHost());
    }
    if (a.getEndpoint() != null) {
      labels.put("endpoint", a.getEndpoint());
    }
    if (a.getTemplateId() != null) {
      labels.put("template", a.getTemplateId());
    }
    ObjectNode annotations = alert.putObject("annotations");
    annotations.put("summary", a.getKind() + " on " + a.getService());
    annotations.put("description", a.getDescription());
    annotations.put("observed", Double.toString(a.getObserved()));
    annotations.put("expected", Double.toString(a.getExpected()));
    String exemplar = AlertText.firstExemplar(a);
    if (exemplar != null) {
      annotations.put("exemplar", exemplar);
    }
    Instant startsAt = a.getWindowStart();
    alert.put("startsAt", startsAt.toString());
    alert.put("endsAt", (endsAt.isBefore(startsAt) ? startsAt : endsAt).toString());
    String link = text.link(a);
    if (link != null) {
      alert.put("generatorURL", link);
    }
    return alert;
  }

  private static Instant endOf(Anomaly a) {
    return a.getDetectedAt().isAfter(a.getWindowEnd()) ? a.getDetectedAt() : a.getWindowEnd();
  }

  private URI resolve(String path) {
    String b = base.toString();
    return URI.create(b.endsWith("/") ? b + path : b + "/" + path);
  }
}
