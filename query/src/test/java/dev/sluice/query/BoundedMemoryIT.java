package dev.sluice.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.S3Extension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.query.fixtures.SinkWrites;
import dev.sluice.sink.AvroCompression;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the engine in a JVM whose heap ({@value #HEAP_MB} MiB) is smaller than the table, which is
 * one uncompressed object written by the sink, and checks that it still answers exactly: the object
 * is streamed, never held whole.
 */
class BoundedMemoryIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  static final int HEAP_MB = 32;
  static final int OBJECTS = 1;
  static final int EVENTS_PER_OBJECT = 70_000;
  static final int MESSAGE_CHARS = 500;

  @Test
  void answersOverATableLargerThanTheHeap(@TempDir Path dir) throws Exception {
    String bucket = S3.newBucket();
    long hour = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
    for (int i = 0; i < OBJECTS; i++) {
      new SinkWrites(S3, bucket).logs(AvroCompression.NULL, events(hour + i * 3_600_000L, i));
    }
    List<Long> sizes = new java.util.ArrayList<>();
    for (Result<Item> item :
        S3.client()
            .listObjects(
                ListObjectsArgs.builder().bucket(bucket).prefix("logs/").recursive(true).build())) {
      sizes.add(item.get().size());
    }
    assertThat(sizes)
        .hasSize(OBJECTS)
        .allSatisfy(size -> assertThat(size).isGreaterThan(HEAP_MB * 1024L * 1024L));

    String sql =
        "SELECT COUNT(*) AS events, SUM(CHAR_LENGTH(message)) AS chars,"
            + " SUM(CASE WHEN level = 'ERROR' THEN 1 ELSE 0 END) AS errors,"
            + " MAX(CASE WHEN message LIKE 'needle%' THEN id END) AS needle FROM logs";
    List<String> lines = runWithSmallHeap(bucket, dir, sql);
    long events = (long) OBJECTS * EVENTS_PER_OBJECT;
    long errors = (long) OBJECTS * (EVENTS_PER_OBJECT / 100);
    assertThat(lines)
        .containsExactly(
            "events,chars,errors,needle",
            events
                + ","
                + events * MESSAGE_CHARS
                + ","
                + errors
                + ",big-"
                + (OBJECTS - 1)
                + "-"
                + (EVENTS_PER_OBJECT - 1));
  }

  private static List<String> runWithSmallHeap(String bucket, Path dir, String... sql)
      throws IOException, InterruptedException {
    Path out = dir.resolve("out-" + System.nanoTime() + ".csv");
    Path err = dir.resolve("err-" + System.nanoTime() + ".txt");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-Xmx" + HEAP_MB + "m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                QueryOnce.class.getName(),
                S3.endpoint(),
                bucket,
                S3.accessKey()));
    command.addAll(List.of(sql));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("SLUICE_S3_SECRET_KEY", S3.secretKey());
    Process process = builder.start();
    boolean finished = process.waitFor(150, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(finished).as("query finished within the deadline; stderr: %s", stderr).isTrue();
    assertThat(process.exitValue()).as("exit code; stderr: %s", stderr).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isEmpty())
        .toList();
  }

  /**
   * Events with long random messages (drawn from a pool, so generating them is cheap; the null
   * codec stores every byte anyway); every 100th is an ERROR; the very last one is the needle.
   */
  private static Iterator<LogEvent> events(long hourStartMillis, int object) {
    SplittableRandom random = new SplittableRandom(object);
    String[] pool = new String[256];
    for (int i = 0; i < pool.length; i++) {
      StringBuilder body = new StringBuilder(MESSAGE_CHARS);
      body.append("hay");
      while (body.length() < MESSAGE_CHARS) {
        body.append((char) ('a' + random.nextInt(26)));
      }
      pool[i] = body.toString();
    }
    return new Iterator<>() {
      int n;

      @Override
      public boolean hasNext() {
        return n < EVENTS_PER_OBJECT;
      }

      @Override
      public LogEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        boolean needle = object == OBJECTS - 1 && n == EVENTS_PER_OBJECT - 1;
        String message = pool[n % pool.length];
        if (needle) {
          message = "needle" + message.substring("needle".length());
        }
        long time = hourStartMillis + n * (3_600_000L / EVENTS_PER_OBJECT);
        LogEvent event =
            LogEvent.newBuilder()
                .setId("big-" + object + "-" + n)
                .setEventTime(Instant.ofEpochMilli(time))
                .setIngestTime(Instant.ofEpochMilli(time))
                .setService("big")
                .setLevel(n % 100 == 0 ? Level.ERROR : Level.INFO)
                .setMessage(message)
                .build();
        n++;
        return event;
      }
    };
  }
}
