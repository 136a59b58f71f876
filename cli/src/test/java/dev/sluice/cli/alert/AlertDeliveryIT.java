package dev.sluice.cli.alert;

import static dev.sluice.cli.alert.Anomalies.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Severity;
import dev.sluice.model.codec.Codecs;
import dev.sluice.model.config.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code sluice alert} end to end: Anomaly records through a real Kafka topic, to an
 * Alertmanager-compatible receiver and to a webhook that fails (503) and then recovers, with the
 * consumer stopped mid-way (while a delivery is being retried) and started again.
 */
class AlertDeliveryIT {
  // A broker of its own: the group coordinator's timers this test sets would otherwise start a
  // non-daemon broker thread later, in the middle of another test class (DemoCommandIT checks
  // that no thread outlives the demo).
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.dedicated();
  private static final Duration DEADLINE = Duration.ofSeconds(45);

  private final ExecutorService runner = Executors.newCachedThreadPool();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void stopRunner() {
    runner.shutdownNow();
  }

  @Test
  void everyTransitionIsDeliveredOnceAcrossAFailingWebhookAndARestart() throws Exception {
    String topic = KAFKA.newTopic(2);
    try (Receiver alertmanager = new Receiver();
        Receiver webhook = new Receiver();
        KafkaProducer<String, byte[]> producer = producer()) {
      AlertSettings settings = settings(topic, alertmanager, webhook);

      // Phase 1: the webhook fails at first, then recovers.
      webhook.failing(true);
      send(
          producer,
          topic,
          record("inc-a", AnomalyStatus.OPEN, Severity.WARNING, 0),
          record("inc-b", AnomalyStatus.OPEN, Severity.WARNING, 0),
          record("inc-a", AnomalyStatus.UPDATED, Severity.WARNING, 1), // same severity: no news
          record("inc-a", AnomalyStatus.OPEN, Severity.WARNING, 0)); // resent: no news
      producer.send(new ProducerRecord<>(topic, "junk", new byte[] {1, 2, 3})).get();
      Running first = start(settings);
      await().atMost(DEADLINE).until(() -> webhook.posts().size() >= 3);
      webhook.failing(false);
      await().atMost(DEADLINE).until(() -> keys(webhook.accepted()).size() == 2);

      // Phase 2: stopped while a delivery to the failing webhook is being retried.
      webhook.failing(true);
      send(producer, topic, record("inc-a", AnomalyStatus.UPDATED, Severity.CRITICAL, 2));
      await()
          .atMost(DEADLINE)
          .until(
              () ->
                  webhook.posts().stream()
                      .anyMatch(p -> "inc-a:ESCALATED:CRITICAL".equals(p.idempotencyKey())));
      first.stop();

      // Phase 3: a new process, the same group; the webhook recovered; more records arrive.
      webhook.failing(false);
      send(
          producer,
          topic,
          record("inc-b", AnomalyStatus.RESOLVED, Severity.WARNING, 3),
          record("inc-a", AnomalyStatus.RESOLVED, Severity.WARNING, 4),
          record("inc-a", AnomalyStatus.RESOLVED, Severity.WARNING, 4), // resent
          record("inc-c", AnomalyStatus.OPEN, Severity.CRITICAL, 5));
      Running second = start(settings);
      List<String> expected =
          List.of(
              "inc-a:OPEN",
              "inc-b:OPEN",
              "inc-a:ESCALATED:CRITICAL",
              "inc-b:RESOLVED",
              "inc-a:RESOLVED",
              "inc-c:OPEN");
      await().atMost(DEADLINE).until(() -> keys(webhook.accepted()).size() == expected.size());
      await().atMost(DEADLINE).until(() -> alertStates(alertmanager).size() == 4);
      second.stop();

      assertThat(keys(webhook.accepted()))
          .as("the webhook accepted every transition exactly once, none lost, none twice")
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(webhook.posts().stream().filter(p -> p.status() == 503))
          .as("it did fail, and was retried")
          .isNotEmpty();

      // Alertmanager identifies an alert by its labels: the final state of each.
      Map<String, String> states = alertStates(alertmanager);
      assertThat(states)
          .containsEntry("inc-a/warning", "resolved")
          .containsEntry("inc-a/critical", "resolved")
          .containsEntry("inc-b/warning", "resolved")
          .containsEntry("inc-c/critical", "firing")
          .as("inc-a at two severities, inc-b, inc-c, and nothing else")
          .hasSize(4);
      assertThat(alertmanager.posts())
          .as("one POST per transition; the one in flight at the stop was posted again")
          .hasSize(expected.size() + 1);
    }
  }

  /** labels.incident/labels.severity → firing or resolved, the last POST winning. */
  private Map<String, String> alertStates(Receiver alertmanager) throws Exception {
    Map<String, String> states = new HashMap<>();
    for (Receiver.Post p : alertmanager.accepted()) {
      assertThat(p.path()).isEqualTo("/api/v2/alerts");
      for (JsonNode alert : json.readTree(p.body())) {
        String key =
            alert.path("labels").path("incident").asText()
                + "/"
                + alert.path("labels").path("severity").asText();
        Instant ends = Instant.parse(alert.path("endsAt").asText());
        states.put(key, ends.isAfter(Instant.now()) ? "firing" : "resolved");
      }
    }
    return states;
  }

  private static List<String> keys(List<Receiver.Post> posts) {
    return posts.stream().map(Receiver.Post::idempotencyKey).toList();
  }

  private AlertSettings settings(String topic, Receiver alertmanager, Receiver webhook) {
    return AlertSettings.from(
        new AlertSettings.Raw(
            KAFKA.bootstrapServers(),
            topic,
            "alert-it-" + topic,
            AlertSettings.StartAt.EARLIEST,
            alertmanager.url("").toString(),
            webhook.url("/hook").toString(),
            "${env:IT_WEBHOOK_TOKEN}",
            null,
            "http://127.0.0.1:7070",
            Duration.ofMillis(50),
            Duration.ofMillis(400),
            Duration.ofSeconds(5),
            Duration.ofHours(1)),
        new Secrets(Map.of("IT_WEBHOOK_TOKEN", "it-token")::get));
  }

  /** One {@code sluice alert} process, in a thread of this JVM. */
  private final class Running {
    final AlertConsumer consumer;
    final Future<?> done;

    Running(AlertConsumer consumer) {
      this.consumer = consumer;
      this.done = runner.submit(consumer::run);
    }

    void stop() throws Exception {
      consumer.stop();
      done.get(30, TimeUnit.SECONDS);
    }
  }

  private Running start(AlertSettings settings) {
    AlertConsumer consumer = new AlertConsumer(settings, new AlertMetrics(), Clock.systemUTC());
    consumer.checkTargets();
    return new Running(consumer);
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, Anomaly... records)
      throws Exception {
    List<Future<?>> sent = new ArrayList<>();
    for (Anomaly a : records) {
      sent.add(producer.send(new ProducerRecord<>(topic, a.getId(), Codecs.anomalies().encode(a))));
    }
    for (Future<?> f : sent) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}
