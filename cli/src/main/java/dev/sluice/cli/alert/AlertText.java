package dev.sluice.cli.alert;

import dev.sluice.model.Anomaly;
import dev.sluice.model.Exemplar;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The words and links every notification shares: a title ("OPEN: error rate rise on payments"), the
 * anomaly's own description, and a link into {@code sluice ui} for the incident's service and
 * window when {@code --ui-url} is given.
 */
final class AlertText {
  private static final Duration LINK_MARGIN = Duration.ofMinutes(30);

  private final URI uiUrl;

  AlertText(URI uiUrl) {
    this.uiUrl = uiUrl;
  }

  /** "RESOLVED: ERROR_RATE_RISE on payments (critical)". */
  String title(Transition t) {
    Anomaly a = t.anomaly();
    String verb =
        switch (t.kind()) {
          case OPEN -> "OPEN";
          case ESCALATED -> "ESCALATED to " + lower(t.severity().name());
          case RESOLVED -> "RESOLVED";
        };
    return verb
        + ": "
        + a.getKind()
        + " on "
        + a.getService()
        + (t.kind() == Transition.Kind.ESCALATED ? "" : " (" + lower(t.severity().name()) + ")");
  }

  /** The first exemplar's message, or null. */
  static String firstExemplar(Anomaly a) {
    return a.getExemplars().isEmpty() ? null : a.getExemplars().get(0).getMessage();
  }

  /** The page of {@code sluice ui} for the incident, or null without {@code --ui-url}. */
  String link(Anomaly a) {
    if (uiUrl == null) {
      return null;
    }
    Instant from = a.getWindowStart().minus(LINK_MARGIN);
    Instant to = a.getWindowEnd().plus(LINK_MARGIN);
    String base = uiUrl.toString().replaceAll("/+$", "");
    return base
        + "/?service="
        + encode(a.getService())
        + "&from="
        + encode(from.toString())
        + "&to="
        + encode(to.toString())
        + "&incident="
        + encode(a.getId());
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static String exemplarLine(Exemplar e) {
    return e.getEventTime() + " " + e.getMessage();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
