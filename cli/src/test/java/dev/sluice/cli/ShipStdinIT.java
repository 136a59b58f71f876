package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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

/** {@code some-app | sluice ship --stdin --service x}: exit 0 once everything is delivered. */
class ShipStdinIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  @Test
  void shipsStandardInputAndExitsZeroOnceDelivered() throws Exception {
    String topic = KAFKA.newTopic(1);
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      input.append("{\"level\":\"warn\",\"msg\":\"piped ").append(i).append("\"}\n");
    }
    InputStream stdin = System.in;
    StringWriter err = new StringWriter();
    int code;
    try {
      System.setIn(new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)));
      code =
          Main.run(
              new PrintWriter(new StringWriter(), true),
              new PrintWriter(err, true),
              "ship",
              "--stdin",
              "--service",
              "cli-pipe",
              "--parser",
              "json",
              "-b",
              KAFKA.bootstrapServers(),
              "--topic",
              topic,
              "--status-interval",
              "0s");
    } finally {
      System.setIn(stdin);
    }
    assertThat(code).as("exit code; stderr: %s", err).isZero();

    List<LogEvent> events = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      // everything is acknowledged before the command returned, so it is all there to read
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      assertThat(end).isEqualTo(500);
      while (events.size() < end) {
        consumer
            .poll(Duration.ofMillis(500))
            .forEach(r -> events.add(Codecs.logEvents().decode(r.value())));
      }
    }
    assertThat(events).extracting(LogEvent::getService).containsOnly("cli-pipe");
    assertThat(events).extracting(LogEvent::getMessage).contains("piped 0", "piped 499");
  }
}
