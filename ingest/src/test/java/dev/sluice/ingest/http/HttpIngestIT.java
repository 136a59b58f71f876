package dev.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** JSON lines over HTTP into a real broker: tokens, limits, malformed bodies, compression. */
class HttpIngestIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  private static final String TOKEN = "s3cret-token-for-tests";

  @TempDir Path dir;

  private ShipperConfig config(String topic, String tokenReference) {
    ShipperConfig.Builder b =
        ShipperConfig.builder()
            .bootstrapServers(KAFKA.bootstrapServers())
            .topic(topic)
            .rejectsTopic(topic)
            .stateDir(dir.resolve("state"))
            .service("web")
            .host("test-host")
            .lingerMs(5)
            .statusInterval(java.time.Duration.ZERO);
    b.http().listen("127.0.0.1:0").maxBodyBytes(64 * 1024);
    if (tokenReference != null) {
      b.http().token(tokenReference).environment(name -> name.equals("HTTP_TOKEN") ? TOKEN : null);
    }
    return b.build();
  }

  private static byte[] lines(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void deliversJsonLinesAndAnswersOnlyAfterKafkaAcknowledged() throws Exception {
    String topic = KAFKA.newTopic(1);
    try (RunningHttpSource http = new RunningHttpSource(config(topic, null)).awaitReady();
        KafkaEvents kafka = new KafkaEvents(KAFKA.bootstrapServers(), topic)) {
      HttpResponse<String> response =
          http.post(
              "/logs",
              lines(
                  "{\"ts\":\"2026-11-26T10:00:00Z\",\"level\":\"error\",\"message\":\"disk full\","
                      + "\"service\":\"payments\",\"order\":42}",
                  "",
                  "{\"message\":\"second\",\"level\":\"info\"}\r"),
              Map.of("Content-Type", "application/x-ndjson"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("{\"accepted\":2}");
      assertThat(http.source.metrics().eventsSent.sum())
          .as("answered 200 only once both events were acknowledged")
          .isEqualTo(2);
      List<LogEvent> events =
          kafka.awaitUntil(list -> list.size() >= 2, java.time.Duration.ofSeconds(30));
      LogEvent first = events.get(0);
      assertThat(first.getMessage()).isEqualTo("disk full");
      assertThat(first.getService()).as("the record names its service").isEqualTo("payments");
      assertThat(first.getHost()).isEqualTo("test-host");
      assertThat(first.getLevel()).isEqualTo(Level.ERROR);
      assertThat(first.getEventTime()).isEqualTo(java.time.Instant.parse("2026-11-26T10:00:00Z"));
      assertThat(first.getAttributes()).containsEntry("order", "42");
      assertThat(first.getSource()).isEqualTo("http");
      assertThat(first.getId()).matches("http:[0-9a-f]{16}:1");
      assertThat(events.get(1).getService()).as("the configured service").isEqualTo("web");
      assertThat(events.get(1).getId()).endsWith(":3");
    }
  }

  @Test
  void refusesRequestsWithoutTheRightTokenAndTakesThoseWithIt() throws Exception {
    String topic = KAFKA.newTopic(1);
    try (RunningHttpSource http =
            new RunningHttpSource(config(topic, "${env:HTTP_TOKEN}")).awaitReady();
        KafkaEvents kafka = new KafkaEvents(KAFKA.bootstrapServers(), topic)) {
      byte[] body = lines("{\"message\":\"not authenticated\"}");

      HttpResponse<String> none = http.post("/logs", body, Map.of());
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"sluice\"");

      HttpResponse<String> wrong =
          http.post("/logs", body, Map.of("Authorization", "Bearer " + TOKEN + "x"));
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer realm=\"sluice\"")
          .contains("invalid_token");
      assertThat(wrong.body()).doesNotContain(TOKEN);

      HttpResponse<String> right =
          http.post(
              "/logs",
              lines("{\"message\":\"authenticated\"}"),
              Map.of("Authorization", "Bearer " + TOKEN));
      assertThat(right.statusCode()).isEqualTo(200);

      List<LogEvent> events = kafka.awaitMessage("authenticated");
      assertThat(events)
          .as("nothing of the refused requests reached Kafka before the accepted one")
          .extracting(LogEvent::getMessage)
          .containsExactly("authenticated");
    }
  }

  @Test
  void refusesTooLargeAndMalformedBodiesWholeAndSendsNothingOfThem() throws Exception {
    String topic = KAFKA.newTopic(1);
    try (RunningHttpSource http = new RunningHttpSource(config(topic, null)).awaitReady();
        KafkaEvents kafka = new KafkaEvents(KAFKA.bootstrapServers(), topic)) {
      StringBuilder big = new StringBuilder();
      while (big.length() < 70 * 1024) {
        big.append("{\"message\":\"too large\"}\n");
      }
      HttpResponse<String> tooLarge =
          http.post("/logs", big.toString().getBytes(StandardCharsets.UTF_8), Map.of());
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(tooLarge.body()).contains("65536").contains("http.max-body-bytes");

      HttpResponse<String> malformed =
          http.post(
              "/logs",
              lines("{\"message\":\"valid first line\"}", "{\"message\": oops}", "{}"),
              Map.of());
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(malformed.body()).contains("line 2").contains("nothing was sent");

      assertThat(http.post("/v1/logz", lines("{}"), Map.of()).statusCode()).isEqualTo(404);
      assertThat(http.get("/logs").statusCode()).isEqualTo(405);
      assertThat(http.get("/health").statusCode()).isEqualTo(200);

      HttpResponse<String> gzipped =
          http.post(
              "/logs",
              gzip(lines("{\"message\":\"compressed marker\"}")),
              Map.of("Content-Encoding", "gzip"));
      assertThat(gzipped.statusCode()).isEqualTo(200);
      List<LogEvent> events = kafka.awaitMessage("compressed marker");
      assertThat(events)
          .as("neither the 413 nor the 400 body sent anything, not even its valid first line")
          .extracting(LogEvent::getMessage)
          .containsExactly("compressed marker");
      assertThat(http.source.metrics().httpRequestsFailed.sum()).isEqualTo(4);
    }
  }

  private static byte[] gzip(byte[] bytes) throws java.io.IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void answers500WhenKafkaRefusesAnEventForGoodAndGivesTheRequestsBudgetBack() throws Exception {
    String topic = KAFKA.newTopic(1) + "-small";
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", "4096"))))
          .all()
          .get();
    }
    byte[] noise = new byte[16 * 1024];
    new SplittableRandom(3).nextBytes(noise); // hex of random bytes: no compression gets it small
    byte[] body =
        lines(
            "{\"message\":\"small\"}", "{\"message\":\"" + HexFormat.of().formatHex(noise) + "\"}");
    Throwable failure;
    try (RunningHttpSource http = new RunningHttpSource(config(topic, null)).awaitReady()) {
      HttpResponse<String> response = http.post("/logs", body, Map.of());

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).contains("Kafka refused the events").contains("RecordTooLarge");
      Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(http.source.inFlightRecords()).as("the request is done").isZero();
                assertThat(http.source.inFlightBytes()).as("its budget is given back").isZero();
              });
      assertThat(http.source.metrics().eventsSent.sum())
          .as("only the event Kafka acknowledged counts as sent")
          .isEqualTo(1);
      failure = http.stop();
    }
    assertThat(failure)
        .as("the source stops on a record refused for good, naming why")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RecordTooLarge");
  }
}
