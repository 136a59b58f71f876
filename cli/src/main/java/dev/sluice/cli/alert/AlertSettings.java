package dev.sluice.cli.alert;

import dev.sluice.model.config.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The checked configuration of {@code sluice alert}: where the anomalies come from, where
 * notifications go, and how delivery retries.
 *
 * <p>Guarantees: every URL is absolute {@code http}/{@code https} with a host; at least one target
 * is set; secrets ({@code webhookToken}, and the Slack URL, which embeds its token) were given as
 * {@code ${env:NAME}} / {@code ${file:/path}} references and resolved by {@link Secrets}; {@link
 * #toString()} and every error name the setting, never a secret's value.
 */
public record AlertSettings(
    String bootstrapServers,
    String topic,
    String groupId,
    StartAt startAt,
    URI alertmanager,
    URI webhook,
    String webhookToken,
    URI slackWebhook,
    URI uiUrl,
    Backoff backoff,
    Duration requestTimeout,
    Duration firingFor) {

  /** Where a group without committed offsets starts. */
  public enum StartAt {
    EARLIEST,
    LATEST
  }

  /** The settings as given on the command line, before checking. */
  public record Raw(
      String bootstrapServers,
      String topic,
      String groupId,
      StartAt startAt,
      String alertmanager,
      String webhook,
      String webhookToken,
      String slackWebhook,
      String uiUrl,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration requestTimeout,
      Duration firingFor) {}

  /**
   * Checks and resolves {@code raw}.
   *
   * @throws IllegalArgumentException with a message naming the flag to fix
   */
  public static AlertSettings from(Raw raw, Secrets secrets) {
    if (raw.alertmanager() == null && raw.webhook() == null && raw.slackWebhook() == null) {
      throw new IllegalArgumentException(
          "name at least one target: --alertmanager URL, --webhook URL or --slack-webhook URL");
    }
    if (raw.webhookToken() != null && raw.webhook() == null) {
      throw new IllegalArgumentException("--webhook-token needs --webhook");
    }
    String token = null;
    if (raw.webhookToken() != null) {
      if (!raw.webhookToken().contains("${")) {
        throw new IllegalArgumentException(
            "--webhook-token takes a reference, ${env:NAME} or ${file:/path}, not the token itself"
                + " (it would show in the process list)");
      }
      token = secrets.resolve("--webhook-token", raw.webhookToken());
      if (token.isBlank()) {
        throw new IllegalArgumentException("--webhook-token resolves to an empty value");
      }
    }
    String slack =
        raw.slackWebhook() == null ? null : secrets.resolve("--slack-webhook", raw.slackWebhook());
    return new AlertSettings(
        require(raw.bootstrapServers(), "--bootstrap-servers"),
        require(raw.topic(), "--topic"),
        require(raw.groupId(), "--group-id"),
        raw.startAt(),
        url("--alertmanager", raw.alertmanager(), true),
        url("--webhook", raw.webhook(), true),
        token,
        url("--slack-webhook", slack, false),
        url("--ui-url", raw.uiUrl(), true),
        backoff(raw.initialBackoff(), raw.maxBackoff()),
        positive("--request-timeout", raw.requestTimeout()),
        positive("--firing-for", raw.firingFor()));
  }

  /** The targets to notify, in the order they are tried. */
  public List<URI> targetUris() {
    List<URI> uris = new ArrayList<>();
    for (URI u : new URI[] {alertmanager, webhook, slackWebhook}) {
      if (u != null) {
        uris.add(u);
      }
    }
    return uris;
  }

  @Override
  public String toString() {
    return "AlertSettings[bootstrapServers="
        + bootstrapServers
        + ", topic="
        + topic
        + ", groupId="
        + groupId
        + ", alertmanager="
        + (alertmanager == null ? "-" : AlertTarget.origin(alertmanager))
        + ", webhook="
        + (webhook == null ? "-" : AlertTarget.origin(webhook))
        + ", webhookToken="
        + (webhookToken == null ? "-" : "(set)")
        + ", slackWebhook="
        + (slackWebhook == null ? "-" : AlertTarget.origin(slackWebhook))
        + "]";
  }

  private static String require(String value, String flag) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(flag + " must not be empty");
    }
    return value;
  }

  private static Backoff backoff(Duration initial, Duration max) {
    try {
      return new Backoff(initial, max);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage() + ": check --initial-backoff and --max-backoff");
    }
  }

  private static Duration positive(String flag, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(flag + " must be positive");
    }
    return d;
  }

  /**
   * An absolute http(s) URL with a host. {@code showable} false: the value is a secret, so the
   * message does not repeat it.
   */
  static URI url(String flag, String value, boolean showable) {
    if (value == null) {
      return null;
    }
    String shown = showable ? " '" + value + "'" : "";
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          flag + shown + " is not a URL (" + e.getReason() + "): give e.g. http://host:9093");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException(flag + shown + " must start with http:// or https://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException(flag + shown + " has no host: give e.g. http://host:9093");
    }
    return uri;
  }
}
