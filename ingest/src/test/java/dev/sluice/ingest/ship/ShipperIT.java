package dev.sluice.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.file.SavedPosition;
import dev.sluice.ingest.file.StateStore;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ShipperIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  @TempDir Path dir;

  private ShipperConfig.Builder config(String topic, String rejects) {
    return ShipperConfig.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .topic(topic)
        .rejectsTopic(rejects)
        .stateDir(dir.resolve("state"))
        .host("test-host")
        .environment("test")
        .label("team", "ingest")
        .lingerMs(5)
        .statusInterval(Duration.ZERO);
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(
        file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void shipsEveryLineParsedAndEnrichedThenSavesTheDeliveredPosition() throws Exception {
    String topic = KAFKA.newTopic(3);
    String rejects = KAFKA.newTopic(1);
    Path log = dir.resolve("app.log");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      text.append("{\"ts\":\"2026-11-26T08:00:00Z\",\"level\":\"warn\",\"msg\":\"event ")
          .append(i)
          .append("\",\"user\":\"u")
          .append(i % 7)
          .append("\"}\n");
    }
    append(log, text.toString());
    ShipperConfig shipperConfig =
        config(topic, rejects)
            .source(List.of(log.toString()), "checkout", "json", false, Map.of())
            .stopAtEof(true)
            .build();
    try (RunningShipper running = new RunningShipper(shipperConfig)) {
      running.awaitFinished(60_000);
    }
    try (TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
      List<ConsumerRecord<byte[], byte[]>> records =
          reader.awaitAtLeast(1000, Duration.ofSeconds(30));
      assertThat(records).hasSize(1000);
      assertThat(records).allSatisfy(r -> assertThat(new String(r.key())).isEqualTo("checkout"));
      List<LogEvent> events = reader.events();
      assertThat(events.stream().map(LogEvent::getId).collect(Collectors.toSet())).hasSize(1000);
      LogEvent first =
          events.stream().filter(e -> e.getMessage().equals("event 0")).findFirst().orElseThrow();
      assertThat(first.getLevel()).isEqualTo(Level.WARN);
      assertThat(first.getService()).isEqualTo("checkout");
      assertThat(first.getHost()).isEqualTo("test-host");
      assertThat(first.getEnvironment()).isEqualTo("test");
      assertThat(first.getSource()).isEqualTo(log.toString());
      assertThat(first.getAttributes()).containsEntry("team", "ingest").containsEntry("user", "u0");
      assertThat(first.getEventTime().toString()).isEqualTo("2026-11-26T08:00:00Z");
      assertThat(first.getId()).endsWith(":0");
    }
    try (StateStore state = StateStore.open(dir.resolve("state"))) {
      assertThat(state.load())
          .singleElement()
          .extracting(SavedPosition::offset)
          .isEqualTo(Files.size(log));
    }
  }

  @Test
  void shipsAccessLogLinesAsTheGeneralPathMakesThem() throws Exception {
    String topic = KAFKA.newTopic(1);
    String rejects = KAFKA.newTopic(1);
    Path log = dir.resolve("access.log");
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      lines.add(
          switch (i % 100) {
            case 7 ->
                "10.0.0."
                    + i % 256
                    + " - - [26/Nov/2026:08:00:00 +0000] \"GET /q HTTP/1.1\""
                    + " 200 5 \"-\" \"curl\" 0.042"; // a request time: the general path
            case 8 -> "10.0.0.1 - - [26/Nov/2026:08:00:00 +0000] \"GET /\u00fc HTTP/1.1\" 404 0";
            case 9 -> "not an access log line " + i; // must parse: a reject
            default ->
                "10.0."
                    + i % 256
                    + ".9 - "
                    + (i % 10 == 0 ? "alice" : "-")
                    + " [26/Nov/2026:08:"
                    + String.format("%02d:%02d", i / 60 % 60, i % 60)
                    + " +0100] \""
                    + (i % 3 == 0 ? "POST" : "GET")
                    + " /api/items/"
                    + i
                    + (i % 4 == 0 ? "?page=" + i : "")
                    + " HTTP/1.1\" "
                    + (200 + i % 4 * 100)
                    + " "
                    + i
                    + " \"https://shop.example/\" \"Mozilla/5.0 (X11; Linux)\"";
          });
    }
    append(log, String.join("\n", lines) + "\n");
    ShipperConfig shipperConfig =
        ShipperConfig.builder()
            .bootstrapServers(KAFKA.bootstrapServers())
            .topic(topic)
            .rejectsTopic(rejects)
            .stateDir(dir.resolve("state"))
            .host("test-host")
            .lingerMs(5)
            .statusInterval(Duration.ZERO)
            .source(List.of(log.toString()), "web", "combined", true, Map.of())
            .stopAtEof(true)
            .build();
    try (RunningShipper running = new RunningShipper(shipperConfig)) {
      running.awaitFinished(60_000);
      assertThat(running.shipper.metrics().rejectsSent.sum()).isEqualTo(30);
    }
    EventPipeline general =
        new EventPipeline(
            dev.sluice.ingest.parse.Parsers.byName("combined"),
            true,
            new Enricher("web", "test-host", null, Map.of()),
            null,
            new dev.sluice.ingest.metrics.ShipMetrics());
    try (TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
      reader.awaitAtLeast(2970, Duration.ofSeconds(30));
      Map<String, LogEvent> byId =
          reader.events().stream().collect(Collectors.toMap(LogEvent::getId, e -> e));
      assertThat(byId).hasSize(2970);
      String fingerprint = byId.values().iterator().next().getId().split(":")[0];
      long start = 0;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String id = fingerprint + ":" + start;
        start += line.getBytes(StandardCharsets.UTF_8).length + 1;
        if (i % 100 == 9) {
          assertThat(byId).doesNotContainKey(id);
          continue;
        }
        LogEvent got = byId.get(id);
        assertThat(got).as("line %d", i).isNotNull();
        EventPipeline.Result expected =
            general.process(
                line,
                null,
                id,
                log.toString(),
                got.getIngestTime(),
                false,
                EventPipeline.FieldsHook.NONE);
        assertThat(got).as("line %d", i).isEqualTo(((EventPipeline.Result.Event) expected).event());
      }
    }
  }

  @Test
  void sendsRecordsThatMustParseAndDoNotToTheRejectsTopic() throws Exception {
    String topic = KAFKA.newTopic(1);
    String rejects = KAFKA.newTopic(1);
    Path strict = dir.resolve("strict.log");
    Path lenient = dir.resolve("lenient.log");
    append(strict, "{\"msg\":\"fine\"}\nnot json at all\n{\"msg\": \"unterminated\n");
    append(lenient, "{\"msg\":\"fine too\"}\nplain text line\n");
    ShipperConfig shipperConfig =
        config(topic, rejects)
            .source(List.of(strict.toString()), "strict", "json", true, Map.of())
            .source(List.of(lenient.toString()), "lenient", "json", false, Map.of())
            .stopAtEof(true)
            .build();
    try (RunningShipper running = new RunningShipper(shipperConfig)) {
      running.awaitFinished(60_000);
      assertThat(running.shipper.metrics().rejectsSent.sum()).isEqualTo(2);
    }
    try (TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), rejects)) {
      reader.awaitAtLeast(2, Duration.ofSeconds(30));
      List<Reject> got = reader.rejects();
      assertThat(got).extracting(Reject::getService).containsOnly("strict");
      assertThat(got)
          .extracting(r -> StandardCharsets.UTF_8.decode(r.getRaw()).toString())
          .containsExactlyInAnyOrder("not json at all", "{\"msg\": \"unterminated");
      assertThat(got).allSatisfy(r -> assertThat(r.getReason()).startsWith("json: "));
    }
    try (TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
      reader.awaitAtLeast(3, Duration.ofSeconds(30));
      assertThat(reader.events())
          .extracting(LogEvent::getMessage)
          .containsExactlyInAnyOrder("fine", "fine too", "plain text line");
      assertThat(reader.events())
          .filteredOn(e -> e.getMessage().equals("plain text line"))
          .singleElement()
          .extracting(LogEvent::getLevel)
          .isEqualTo(Level.UNKNOWN);
    }
  }

  @Test
  void picksUpNewFilesWhileRunningAndServesMetrics() throws Exception {
    String topic = KAFKA.newTopic(1);
    String rejects = KAFKA.newTopic(1);
    append(dir.resolve("a.log"), "a1\na2\n");
    ShipperConfig shipperConfig =
        config(topic, rejects)
            .source(List.of(dir.resolve("*.log").toString()), "svc", "none", false, Map.of())
            .scanInterval(Duration.ofMillis(100))
            .metricsPort(0)
            .build();
    try (RunningShipper running = new RunningShipper(shipperConfig);
        TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
      reader.awaitAtLeast(2, Duration.ofSeconds(30));
      append(dir.resolve("b.log"), "b1\n");
      append(dir.resolve("a.log"), "a3\n");
      reader.awaitAtLeast(4, Duration.ofSeconds(30));
      assertThat(reader.events().stream().map(LogEvent::getMessage).collect(Collectors.toSet()))
          .isEqualTo(Set.of("a1", "a2", "a3", "b1"));

      HttpResponse<String> metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + running.shipper.metricsPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body())
          .contains("sluice_ship_lines_read_total 4.0")
          .contains("sluice_ship_bytes_read_total 12.0")
          .contains("sluice_ship_queue_events")
          .contains("sluice_ship_file_lag_bytes{file=\"" + dir.resolve("b.log") + "\"}");
    }
  }

  @Test
  void mergesStackTracesAndReleasesTheLastRecordOfAQuietFile() throws Exception {
    String topic = KAFKA.newTopic(1);
    Path log = dir.resolve("java.log");
    append(
        log,
        "2026-11-26 08:00:00,000 ERROR [main] dev.App - boom\n"
            + "java.lang.IllegalStateException: broken\n"
            + "\tat dev.App.main(App.java:12)\n"
            + "2026-11-26 08:00:01,000 INFO [main] dev.App - quiet now\n");
    ShipperConfig shipperConfig =
        config(topic, topic)
            .source(
                List.of(log.toString()),
                "java-app",
                "java",
                null,
                false,
                Map.of(),
                new ShipSource.Multiline(null, null, null, null, Duration.ofMillis(300)))
            .build();
    try (RunningShipper running = new RunningShipper(shipperConfig);
        TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
      reader.awaitAtLeast(2, Duration.ofSeconds(30));
      List<LogEvent> events = reader.events();
      assertThat(events).hasSize(2);
      assertThat(events.get(0).getLevel()).isEqualTo(Level.ERROR);
      assertThat(events.get(0).getMessage())
          .contains("boom")
          .contains("java.lang.IllegalStateException: broken")
          .contains("at dev.App.main(App.java:12)");
      assertThat(events.get(1).getMessage()).isEqualTo("quiet now");
      assertThat(events.get(1).getId())
          .endsWith(":" + Files.readString(log).indexOf("2026-11-26 08:00:01"));
    }
  }

  @Test
  void shipsAFinalLineWithoutNewlineExactlyOnceAtStopAtEofAlsoAfterARestart() throws Exception {
    String topic = KAFKA.newTopic(1);
    String rejects = KAFKA.newTopic(1);
    Path log = dir.resolve("app.log");
    append(log, "one\ntwo\nlast without newline");
    ShipperConfig once =
        config(topic, rejects)
            .source(List.of(log.toString()), "svc", "none", false, Map.of())
            .stopAtEof(true)
            .build();
    try (RunningShipper running = new RunningShipper(once)) {
      running.awaitFinished(60_000);
    }
    try (RunningShipper restarted = new RunningShipper(once)) {
      restarted.awaitFinished(60_000);
    }
    append(log, "\nnext\n");
    try (RunningShipper again = new RunningShipper(once)) {
      again.awaitFinished(60_000);
    }
    try (TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
      reader.awaitUntil(
          () -> reader.events().stream().anyMatch(e -> "next".equals(e.getMessage())),
          Duration.ofSeconds(30),
          () -> "the line 'next'");
      // One partition, in order: a second copy of the last line would come before "next"; the
      // newline written late ends an empty line, which is not shipped.
      assertThat(reader.events())
          .extracting(LogEvent::getMessage)
          .containsExactly("one", "two", "last without newline", "next");
    }
  }
}
