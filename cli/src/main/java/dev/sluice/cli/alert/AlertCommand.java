package dev.sluice.cli.alert;

import dev.sluice.ingest.ship.StopOnShutdown;
import dev.sluice.model.config.Durations;
import dev.sluice.model.config.Secrets;
import dev.sluice.ship.UserException;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice alert}: one notification per incident transition (OPEN, escalated severity,
 * RESOLVED) from the anomalies topic to Alertmanager, a JSON webhook and/or a Slack-compatible
 * incoming webhook. Wrong settings fail at start with one line (exit 2); see {@link AlertConsumer}
 * for the delivery guarantees.
 */
@Command(
    name = "alert",
    mixinStandardHelpOptions = true,
    description = {
      "Notifies people of incidents: reads the anomalies topic and sends one notification per"
          + " incident transition (OPEN, severity escalated, RESOLVED) to Prometheus Alertmanager,"
          + " a JSON webhook and/or a Slack-compatible incoming webhook.",
      "At-least-once and deduplicated by incident id across restarts: offsets are committed only"
          + " after delivery; retries back off exponentially. Secrets are given as ${env:NAME} or"
          + " ${file:/path} and never printed."
    })
public final class AlertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--topic",
      defaultValue = "anomalies",
      description = "Topic of Anomaly records (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--group-id",
      defaultValue = "sluice-alert",
      description =
          "Consumer group whose committed offsets say what was delivered (default:"
              + " ${DEFAULT-VALUE}). Run one sluice alert per group.")
  String groupId;

  @Option(
      names = "--start-at",
      defaultValue = "latest",
      description =
          "Where a group with no committed offsets starts: latest (only new incidents) or"
              + " earliest (every incident on the topic) (default: ${DEFAULT-VALUE}).")
  String startAt;

  @Option(
      names = "--alertmanager",
      paramLabel = "URL",
      description =
          "Alertmanager base URL, e.g. http://alertmanager:9093; alerts go to POST /api/v2/alerts.")
  String alertmanager;

  @Option(
      names = "--webhook",
      paramLabel = "URL",
      description = "Generic JSON webhook URL (POST, with an Idempotency-Key header).")
  String webhook;

  @Option(
      names = "--webhook-token",
      paramLabel = "REF",
      description =
          "Bearer token for --webhook, as ${env:NAME} or ${file:/path} (never the token itself).")
  String webhookToken;

  @Option(
      names = "--slack-webhook",
      paramLabel = "URL",
      description =
          "Slack-compatible incoming-webhook URL; it embeds a secret, so give it as ${env:NAME} or"
              + " ${file:/path}.")
  String slackWebhook;

  @Option(
      names = "--ui-url",
      paramLabel = "URL",
      description =
          "Base URL of 'sluice ui', for a link to the incident in every notification"
              + " (Alertmanager's generatorURL).")
  String uiUrl;

  @Option(
      names = "--initial-backoff",
      defaultValue = "500ms",
      description =
          "Wait after the first failed delivery; doubled after each (default: ${DEFAULT-VALUE}).")
  String initialBackoff;

  @Option(
      names = "--max-backoff",
      defaultValue = "30s",
      description =
          "Longest wait between retries (default: ${DEFAULT-VALUE}). A 5xx, 429 or connection"
              + " failure is retried until delivered; another 4xx is logged and not retried.")
  String maxBackoff;

  @Option(
      names = "--request-timeout",
      defaultValue = "10s",
      description = "Timeout of one HTTP request (default: ${DEFAULT-VALUE}).")
  String requestTimeout;

  @Option(
      names = "--firing-for",
      defaultValue = "24h",
      description =
          "Alertmanager endsAt of a firing alert, from now: it ends by itself if no RESOLVED"
              + " comes (default: ${DEFAULT-VALUE}).")
  String firingFor;

  @Option(
      names = "--metrics-port",
      description = "Serve Prometheus metrics at http://0.0.0.0:PORT/metrics.")
  Integer metricsPort;

  /** The port of {@code --metrics-port}, or null. */
  public Integer metricsPort() {
    return metricsPort;
  }

  /** The checked settings; {@link UserException} naming the flag otherwise. */
  public AlertSettings settings(Secrets secrets) {
    try {
      return AlertSettings.from(
          new AlertSettings.Raw(
              bootstrapServers,
              topic,
              groupId,
              startAt(),
              alertmanager,
              webhook,
              webhookToken,
              slackWebhook,
              uiUrl,
              duration("--initial-backoff", initialBackoff),
              duration("--max-backoff", maxBackoff),
              duration("--request-timeout", requestTimeout),
              duration("--firing-for", firingFor)),
          secrets);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    AlertSettings settings = settings(Secrets.fromSystem());
    AlertMetrics metrics = new AlertMetrics();
    AlertConsumer consumer = new AlertConsumer(settings, metrics, Clock.systemUTC());
    try {
      consumer.checkTargets();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    HTTPServer server = metricsPort == null ? null : metrics.serve(metricsPort);
    err.println(
        "sluice alert: notifying "
            + String.join(", ", consumer.targets().stream().map(AlertTarget::describe).toList())
            + " of incidents on "
            + settings.topic()
            + " ("
            + settings.bootstrapServers()
            + ", group "
            + settings.groupId()
            + ")");
    err.flush();
    try {
      StopOnShutdown.run("sluice-alert-shutdown", consumer::run, consumer::stop);
      return 0;
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    } finally {
      if (server != null) {
        server.close();
      }
      err.flush();
    }
  }

  private AlertSettings.StartAt startAt() {
    try {
      return AlertSettings.StartAt.valueOf(startAt.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--start-at is earliest or latest, not '" + startAt + "'");
    }
  }

  private static Duration duration(String flag, String text) {
    try {
      return Durations.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          flag + " '" + text + "' is not a duration: give e.g. 500ms, 10s, 5m, 24h");
    }
  }
}
