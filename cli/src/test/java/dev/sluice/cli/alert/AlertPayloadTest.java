package dev.sluice.cli.alert;

import static dev.sluice.cli.alert.Anomalies.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Severity;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AlertPayloadTest {
  private static final Instant NOW = Instant.parse("2026-12-03T13:00:00Z");
  private final AlertText text = new AlertText(URI.create("http://ui:7070"));
  private final AlertmanagerTarget am =
      new AlertmanagerTarget(
          URI.create("http://am:9093"),
          text,
          Duration.ofHours(24),
          Duration.ofSeconds(5),
          Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void alertmanagerAlertsCarryRoutingLabelsAndALinkToTheUi() throws Exception {
    Transition open =
        new Transition(
            Transition.Kind.OPEN, record("a", AnomalyStatus.OPEN, Severity.WARNING, 0), null);
    HttpRequest request = am.request(open);
    assertThat(request.uri()).hasToString("http://am:9093/api/v2/alerts");
    JsonNode alerts = new ObjectMapper().readTree(body(request));
    assertThat(alerts).hasSize(1);
    JsonNode alert = alerts.get(0);
    assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("SluiceAnomaly");
    assertThat(alert.path("labels").path("service").asText()).isEqualTo("payments");
    assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
    assertThat(alert.path("labels").path("incident").asText()).isEqualTo("a");
    assertThat(alert.path("startsAt").asText()).isEqualTo("2026-12-03T12:00:00Z");
    assertThat(Instant.parse(alert.path("endsAt").asText()))
        .isEqualTo(NOW.plus(Duration.ofHours(24)));
    assertThat(alert.path("generatorURL").asText())
        .startsWith("http://ui:7070/?service=payments&from=")
        .contains("&incident=a");
    assertThat(alert.path("annotations").path("description").asText()).contains("error rate rise");
  }

  @Test
  void escalationResolvesTheOldSeverityAndFiresTheNewOne() throws Exception {
    Transition escalated =
        new Transition(
            Transition.Kind.ESCALATED,
            record("a", AnomalyStatus.UPDATED, Severity.CRITICAL, 3),
            Severity.WARNING);
    JsonNode alerts = new ObjectMapper().readTree(body(am.request(escalated)));
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(0).path("labels").path("severity").asText()).isEqualTo("warning");
    assertThat(Instant.parse(alerts.get(0).path("endsAt").asText())).isBefore(NOW);
    assertThat(alerts.get(1).path("labels").path("severity").asText()).isEqualTo("critical");
    assertThat(Instant.parse(alerts.get(1).path("endsAt").asText())).isAfter(NOW);
  }

  @Test
  void webhookCarriesTheIdempotencyKeyAndTheToken() throws Exception {
    WebhookTarget hook =
        new WebhookTarget(URI.create("http://hook/x"), "tok", text, Duration.ofSeconds(5));
    Transition resolved =
        new Transition(
            Transition.Kind.RESOLVED,
            record("a", AnomalyStatus.RESOLVED, Severity.WARNING, 5),
            Severity.CRITICAL);
    HttpRequest request = hook.request(resolved);
    assertThat(request.headers().firstValue("Idempotency-Key")).hasValue("a:RESOLVED");
    assertThat(request.headers().firstValue("Authorization")).hasValue("Bearer tok");
    JsonNode body = new ObjectMapper().readTree(body(request));
    assertThat(body.path("transition").asText()).isEqualTo("RESOLVED");
    assertThat(body.path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(body.path("exemplars").get(0).path("message").asText()).contains("gateway timeout");
  }

  @Test
  void slackMessageIsMrkdwnWithALink() throws Exception {
    SlackTarget slack = new SlackTarget(URI.create("https://hooks/x"), text, Duration.ofSeconds(5));
    Transition open =
        new Transition(
            Transition.Kind.OPEN, record("a", AnomalyStatus.OPEN, Severity.CRITICAL, 0), null);
    JsonNode body = new ObjectMapper().readTree(body(slack.request(open)));
    assertThat(body.path("text").asText())
        .startsWith("OPEN: ERROR_RATE_RISE on payments (critical)");
    String md = body.path("blocks").get(0).path("text").path("text").asText();
    assertThat(md).contains("|Open in Sluice>").contains("> payment declined");
  }

  @Test
  void backoffDoublesUpToItsMaximum() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(b.delay(4)).isEqualTo(Duration.ofMillis(500));
    assertThat(b.delay(60)).isEqualTo(Duration.ofMillis(500));
    assertThat(HttpDelivery.retryable(503)).isTrue();
    assertThat(HttpDelivery.retryable(429)).isTrue();
    assertThat(HttpDelivery.retryable(404)).isFalse();
  }

  /** The body an HttpRequest would send. */
  static String body(HttpRequest request) throws InterruptedException {
    AtomicReference<StringBuilder> out = new AtomicReference<>(new StringBuilder());
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    request
        .bodyPublisher()
        .orElseThrow()
        .subscribe(
            new Flow.Subscriber<ByteBuffer>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ByteBuffer item) {
                out.get().append(StandardCharsets.UTF_8.decode(item));
              }

              @Override
              public void onError(Throwable throwable) {
                done.countDown();
              }

              @Override
              public void onComplete() {
                done.countDown();
              }
            });
    done.await();
    return out.get().toString();
  }
}
