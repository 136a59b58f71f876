package dev.sluice.cli.alert;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a transition to one target until the target accepts it, waiting {@link Backoff} between
 * attempts.
 *
 * <p>Failures are classified: a connection failure, a timeout, 408, 425, 429 and any 5xx are
 * retried (the receiver may recover); any other 4xx means the receiver will never accept this
 * request (wrong path, bad token), so it is reported as {@link Outcome#REJECTED} at once instead of
 * blocking every later notification. Logs name the target by its origin only, never the token or a
 * Slack URL's path.
 */
final class HttpDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);

  /** How a delivery ended. */
  enum Outcome {
    DELIVERED,
    REJECTED,
    STOPPED
  }

  /** Waits between attempts; returns false when asked to stop while waiting. */
  interface Pause {
    boolean await(Duration d);
  }

  private final HttpClient client;
  private final Backoff backoff;
  private final Pause pause;
  private final AlertMetrics metrics;

  HttpDelivery(HttpClient client, Backoff backoff, Pause pause, AlertMetrics metrics) {
    this.client = client;
    this.backoff = backoff;
    this.pause = pause;
    this.metrics = metrics;
  }

  Outcome deliver(AlertTarget target, Transition t) {
    for (int attempt = 1; ; attempt++) {
      String failure;
      try {
        HttpResponse<String> response =
            client.send(target.request(t), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          metrics.delivered(target.name());
          return Outcome.DELIVERED;
        }
        failure = "HTTP " + status + snippet(response.body());
        if (!retryable(status)) {
          LOG.error(
              "{} rejected {} with {}: not retried; check the URL and token",
              target.describe(),
              t.idempotencyKey(),
              failure);
          metrics.rejected(target.name());
          return Outcome.REJECTED;
        }
      } catch (IOException e) {
        failure =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.STOPPED;
      }
      metrics.retried(target.name());
      Duration wait = backoff.delay(attempt);
      LOG.warn(
          "{} failed for {} (attempt {}: {}); retrying in {} ms",
          target.describe(),
          t.idempotencyKey(),
          attempt,
          failure,
          wait.toMillis());
      if (!pause.await(wait)) {
        return Outcome.STOPPED;
      }
    }
  }

  static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 425 || status == 429;
  }

  private static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String s = body.strip().replaceAll("\\s+", " ");
    return " (" + (s.length() > 200 ? s.substring(0, 200) + "…" : s) + ")";
  }
}
