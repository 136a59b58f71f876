package dev.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.LogEvent;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away while clients post: nothing is answered 2xx that Kafka did not acknowledge,
 * pressure is answered 429/503 with Retry-After, and once the broker is back every event of every
 * 2xx'd request is in Kafka.
 */
class HttpBrokerOutageIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.dedicated();

  private static final long QUEUE_BYTES = 1024 * 1024;

  @TempDir Path dir;

  private final AtomicInteger requestNumber = new AtomicInteger();

  /** The messages of every request answered 2xx. */
  private final Set<String> acknowledged = new HashSet<>();

  /** A body of {@code lines} ~1 KB JSON lines with distinct messages. */
  private List<String> messages(int lines) {
    int request = requestNumber.incrementAndGet();
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      messages.add("request " + request + " line " + i + " " + "x".repeat(1000));
    }
    return messages;
  }

  private static byte[] body(List<String> messages) {
    StringBuilder s = new StringBuilder();
    messages.forEach(m -> s.append("{\"level\":\"info\",\"message\":\"").append(m).append("\"}\n"));
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> post(RunningHttpSource http, int lines) throws Exception {
    List<String> messages = messages(lines);
    HttpResponse<String> response = http.post("/logs", body(messages), Map.of());
    if (response.statusCode() / 100 == 2) {
      acknowledged.addAll(messages);
    }
    return response;
  }

  @Test
  void answers2xxOnlyForWhatKafkaAcknowledgedAcrossAnOutage() throws Exception {
    String topic = KAFKA.newTopic(1);
    ShipperConfig.Builder b =
        ShipperConfig.builder()
            .bootstrapServers(KAFKA.bootstrapServers())
            .topic(topic)
            .rejectsTopic(topic)
            .stateDir(dir.resolve("state"))
            .service("outage")
            .maxInFlightBytes(QUEUE_BYTES)
            .lingerMs(5)
            .statusInterval(Duration.ZERO);
    b.http().listen("127.0.0.1:0").ackTimeout(Duration.ofMillis(1500));
    try (RunningHttpSource http = new RunningHttpSource(b.build()).awaitReady()) {
      assertThat(post(http, 50).statusCode()).isEqualTo(200);

      KAFKA.broker().stop();
      List<HttpResponse<String>> during = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        during.add(post(http, 250)); // ~290 KB in flight each: the 1 MiB budget holds three
      }
      assertThat(during)
          .as("nothing is answered 2xx while the broker is down")
          .allSatisfy(r -> assertThat(r.statusCode()).isIn(429, 503))
          .allSatisfy(r -> assertThat(r.headers().firstValue("Retry-After")).isPresent());
      assertThat(during)
          .extracting(HttpResponse::statusCode)
          .as("ack timeouts first (503), then the spent budget is answered at once (429)")
          .contains(503, 429);

      KAFKA.broker().restart();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> post(http, 20).statusCode() == 200);
      assertThat(post(http, 20).statusCode()).isEqualTo(200);

      try (KafkaEvents kafka = new KafkaEvents(KAFKA.bootstrapServers(), topic)) {
        List<LogEvent> events =
            kafka.awaitUntil(
                list ->
                    list.stream()
                        .map(LogEvent::getMessage)
                        .collect(java.util.stream.Collectors.toSet())
                        .containsAll(acknowledged),
                Duration.ofSeconds(60));
        assertThat(events).extracting(LogEvent::getMessage).containsAll(acknowledged);
      }
    } finally {
      if (!KAFKA.broker().isRunning()) {
        KAFKA.broker().restart();
      }
    }
  }

  @Test
  void answers503WithRetryAfterWhileKafkaIsAwayAtStartUp() throws Exception {
    String topic = KAFKA.newTopic(1);
    ShipperConfig.Builder b =
        ShipperConfig.builder()
            .bootstrapServers(KAFKA.bootstrapServers())
            .topic(topic)
            .rejectsTopic(topic)
            .stateDir(dir.resolve("state"))
            .service("early")
            .statusInterval(Duration.ZERO);
    b.http().listen("127.0.0.1:0");
    KAFKA.broker().stop();
    try (RunningHttpSource http = new RunningHttpSource(b.build())) {
      HttpResponse<String> health = http.get("/health");
      assertThat(health.statusCode()).isEqualTo(503);
      HttpResponse<String> early = post(http, 5);
      assertThat(early.statusCode()).isEqualTo(503);
      assertThat(early.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(early.body()).contains("Kafka is not reachable yet");

      KAFKA.broker().restart();
      http.awaitReady();
      assertThat(post(http, 5).statusCode()).isEqualTo(200);
      try (KafkaEvents kafka = new KafkaEvents(KAFKA.bootstrapServers(), topic)) {
        List<LogEvent> events = kafka.awaitUntil(l -> l.size() >= 5, Duration.ofSeconds(30));
        assertThat(events)
            .extracting(LogEvent::getMessage)
            .containsExactlyInAnyOrderElementsOf(acknowledged);
      }
    } finally {
      if (!KAFKA.broker().isRunning()) {
        KAFKA.broker().restart();
      }
    }
  }
}
