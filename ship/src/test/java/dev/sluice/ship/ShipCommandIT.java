package dev.sluice.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ShipCommandIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  @TempDir Path dir;

  @Test
  void shipsAnAccessLogFromAConfigFileWithFlagsOnTop() throws Exception {
    String topic = KAFKA.newTopic(1);
    Path log = dir.resolve("access.log");
    Files.writeString(
        log,
        "10.0.0.1 - - [26/Nov/2026:08:00:00 +0000] \"GET /items HTTP/1.1\" 200 512 \"-\" \"curl/8\"\n"
            + "10.0.0.2 - - [26/Nov/2026:08:00:01 +0000] \"POST /orders HTTP/1.1\" 503 0 \"-\" \"curl/8\"\n");
    Path config = dir.resolve("ship.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "service: web",
            "environment: test",
            "labels: {team: edge}",
            "state-dir: " + dir.resolve("state"),
            "sources:",
            "  - paths: [" + log + "]",
            "    parser: combined",
            "kafka:",
            "  bootstrap-servers: " + KAFKA.bootstrapServers(),
            "  rejects-topic: " + topic,
            "metrics:",
            "  status-interval: 0s",
            ""));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ShipMain.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "--config",
            config.toString(),
            "--topic",
            topic,
            "--stop-at-eof");
    assertThat(code).as(err.toString()).isZero();

    List<LogEvent> events = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (events.size() < 2 && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(r -> events.add(Codecs.logEvents().decode(r.value())));
      }
    }
    assertThat(events).hasSize(2);
    assertThat(events).extracting(LogEvent::getService).containsOnly("web");
    assertThat(events).extracting(e -> e.getHttp().getStatus()).containsExactly(200, 503);
    assertThat(events).allSatisfy(e -> assertThat(e.getAttributes()).containsEntry("team", "edge"));
  }

  @Test
  void shipsDemoTrafficOfSeveralServicesWithItsGroundTruth() throws Exception {
    String topic = KAFKA.newTopic(3);
    Path truth = dir.resolve("truth.jsonl");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ShipMain.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "--source",
            "demo",
            "--demo-fast",
            "--demo-duration",
            "2m",
            "--demo-incidents",
            "error-burst:payments:30s:30s",
            "--demo-ground-truth",
            truth.toString(),
            "-b",
            KAFKA.bootstrapServers(),
            "--topic",
            topic);
    assertThat(code).as(err.toString()).isZero();
    java.util.regex.Matcher sent =
        java.util.regex.Pattern.compile("demo: (\\d+) events sent").matcher(out.toString());
    assertThat(sent.find()).as(out.toString()).isTrue();
    long expected = Long.parseLong(sent.group(1));
    assertThat(expected).isGreaterThan(1000);
    assertThat(Files.readString(truth)).contains("payments");

    List<LogEvent> events = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          List.of(
              new TopicPartition(topic, 0),
              new TopicPartition(topic, 1),
              new TopicPartition(topic, 2));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (events.size() < expected && System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(r -> events.add(Codecs.logEvents().decode(r.value())));
      }
    }
    assertThat(events).hasSize((int) expected);
    assertThat(events.stream().map(LogEvent::getService).distinct().count())
        .isGreaterThanOrEqualTo(4);
    assertThat(events).allSatisfy(e -> assertThat(e.getId()).startsWith("demo-42:"));
  }
}
