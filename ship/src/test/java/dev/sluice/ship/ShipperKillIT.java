package dev.sluice.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.file.SavedPosition;
import dev.sluice.ingest.file.SavedPositionsSerializer;
import dev.sluice.ingest.ship.DeliveryAssertions;
import dev.sluice.ingest.ship.TopicReader;
import dev.sluice.local.junit.KafkaExtension;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shipper process is killed with SIGKILL several times while it ships a large file and is
 * restarted each time: every line arrives, and a line sent twice carries the same id both times.
 */
class ShipperKillIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  private static final int LINES = 200_000;
  private static final int KILLS = 3;

  @TempDir Path dir;

  @Test
  void everyLineArrivesThroughRepeatedSigkillsWithStableIds() throws Exception {
    String topic = KAFKA.newTopic(3);
    Path log = dir.resolve("big.log");
    Set<String> expected = new HashSet<>();
    try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (int i = 0; i < LINES; i++) {
        String line =
            String.format(
                "10.0.%d.%d - - [26/Nov/2026:08:00:00 +0000] \"GET /items/%07d HTTP/1.1\" 200 %d",
                i % 250, i % 200, i, 1000 + i % 5000);
        expected.add(line);
        out.write(line);
        out.write('\n');
      }
    }
    long size = Files.size(log);
    Path config = dir.resolve("ship.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "state-dir: " + dir.resolve("state"),
            "checkpoint-interval: 200ms",
            "stop-at-eof: true",
            "sources:",
            "  - paths: [" + log + "]",
            "    service: killed",
            "    parser: none",
            "kafka:",
            "  bootstrap-servers: " + KAFKA.bootstrapServers(),
            "  topic: " + topic,
            "  rejects-topic: " + topic,
            "  linger-ms: 5",
            "metrics:",
            "  status-interval: 0s",
            ""));

    long t0 = System.currentTimeMillis();
    try (TopicReader reader = new TopicReader(KAFKA.bootstrapServers(), topic)) {
      for (int kill = 1; kill <= KILLS; kill++) {
        Process shipper = start(config, kill);
        long target = (long) LINES * kill / (KILLS + 2);
        reader.awaitUntil(
            () -> reader.records().size() >= target || !shipper.isAlive(),
            Duration.ofSeconds(90),
            () -> String.valueOf(target));
        assertThat(shipper.isAlive()).as("shipper %d still running when killed", kill).isTrue();
        System.out.printf(
            "ShipperKillIT: kill %d at %d records, %d ms%n",
            kill, reader.records().size(), System.currentTimeMillis() - t0);
        shipper.destroyForcibly();
        assertThat(shipper.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(savedOffset())
            .as("killed before it finished (saved position below the file size)")
            .isLessThan(size);
      }
      Process last = start(config, KILLS + 1);
      assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the last run finishes").isTrue();
      assertThat(last.exitValue()).isZero();
      System.out.printf("ShipperKillIT: last run done %d ms%n", System.currentTimeMillis() - t0);
      assertThat(savedOffset()).isEqualTo(size);

      reader.awaitUntil(
          () -> reader.records().size() >= LINES && reader.messages().size() >= LINES,
          Duration.ofSeconds(60),
          () -> String.valueOf(LINES));
      int repeats = DeliveryAssertions.assertEveryLineOnceById(reader.events(), expected);
      System.out.printf(
          "ShipperKillIT: %d lines, %d records, %d repeats after %d kills%n",
          LINES, reader.records().size(), repeats, KILLS);
    }
  }

  private Process start(Path config, int run) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            ShipMain.class.getName(),
            "--config",
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("shipper-" + run + ".out").toFile())
        .start();
  }

  private long savedOffset() throws IOException {
    Path positions = dir.resolve("state").resolve("positions.json");
    if (!Files.exists(positions)) {
      return 0;
    }
    List<SavedPosition> saved = SavedPositionsSerializer.deserialize(Files.readAllBytes(positions));
    return saved.stream().mapToLong(SavedPosition::offset).sum();
  }
}
