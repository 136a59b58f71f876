package dev.sluice.cli.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.model.Anomaly;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): {@code {"text": …,
 * "blocks": [one mrkdwn section]}}. The URL itself is the secret: give it as {@code ${env:NAME}} or
 * {@code ${file:/path}}; only its origin is ever printed.
 *
 * <p>Incoming webhooks have no idempotency key: a transition redelivered after a crash between
 * delivery and the offset commit shows twice in the channel (at-least-once).
 */
final class SlackTarget implements AlertTarget {
  private final URI url;
  private final AlertText text;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  SlackTarget(URI url, AlertText text, Duration timeout) {
    this.url = url;
    this.text = text;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public String describe() {
    return "Slack webhook (" + AlertTarget.origin(url) + ")";
  }

  @Override
  public HttpRequest request(Transition t) {
    return HttpRequest.newBuilder(url)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(t).toString()))
        .build();
  }

  ObjectNode body(Transition t) {
    Anomaly a = t.anomaly();
    String icon =
        switch (t.kind()) {
          case OPEN -> ":rotating_light:";
          case ESCALATED -> ":arrow_double_up:";
          case RESOLVED -> ":white_check_mark:";
        };
    StringBuilder md = new StringBuilder();
    md.append(icon).append(" *").append(escape(text.title(t))).append("*\n");
    md.append(escape(a.getDescription()));
    String exemplar = AlertText.firstExemplar(a);
    if (exemplar != null) {
      md.append("\n> ").append(escape(exemplar));
    }
    String link = text.link(a);
    if (link != null) {
      md.append("\n<").append(link).append("|Open in Sluice>");
    }
    ObjectNode o = json.createObjectNode();
    o.put("text", text.title(t) + ": " + a.getDescription());
    ObjectNode section = o.putArray("blocks").addObject();
    section.put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", md.toString());
    return o;
  }

  /** Slack's three control characters. */
  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
