package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code sluice demo} in this JVM with a short timeline (6 minutes of warm-up, the default demo at
 * 12x): it ends with exit code 0, finds every incident it injected (one of each kind), prints the
 * example queries with rows, and leaves no server, non-daemon thread (the S3 clients of the sink,
 * the query engine and the stack included) or data directory behind.
 */
class DemoCommandIT {
  @Test
  void runsTheWholePipelineFindsEveryInjectedIncidentAndCleansUp() throws Exception {
    Set<Thread> before = nonDaemonThreads();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long started = System.nanoTime();
    int code =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "demo",
            "--warm-up",
            "6m",
            "--speed",
            "12",
            "--plain");
    String text = out.toString();
    System.out.println(text);
    System.out.printf("demo took %.0f s%n", (System.nanoTime() - started) / 1e9);

    assertThat(code).as("exit code; stderr: %s", err).isZero();

    Matcher found = Pattern.compile("(\\d+) of (\\d+) injected incidents found").matcher(text);
    assertThat(found.find()).as("the incident report").isTrue();
    assertThat(found.group(2)).as("incidents injected (one of each kind)").isEqualTo("6");
    assertThat(found.group(1)).as("incidents found").isEqualTo("6");
    assertThat(text).doesNotContain("MISSED");

    Matcher perService =
        Pattern.compile("(?m)^(auth|checkout|inventory|payments|search)\\s*\\|\\s*(\\d+)\\s*\\|")
            .matcher(text);
    List<String> services = new ArrayList<>();
    while (perService.find()) {
      services.add(perService.group(1));
      assertThat(Long.parseLong(perService.group(2)))
          .as("events of " + perService.group(1))
          .isPositive();
    }
    assertThat(services).containsExactly("auth", "checkout", "inventory", "payments", "search");
    assertThat(text).contains("Error rate per minute of payments").contains("The anomalies table");
    assertThat(text).doesNotContain("the query failed").doesNotContain("no rows matched");

    Matcher endpoints =
        Pattern.compile(
                "Kafka 127\\.0\\.0\\.1:(\\d+), S3 http://127\\.0\\.0\\.1:(\\d+), Flink web UI http://127\\.0\\.0\\.1:(\\d+)")
            .matcher(text);
    assertThat(endpoints.find()).isTrue();
    for (int i = 1; i <= 3; i++) {
      assertThat(accepts(Integer.parseInt(endpoints.group(i))))
          .as("port %s still open", endpoints.group(i))
          .isFalse();
    }
    Matcher data = Pattern.compile("data in (\\S+) ").matcher(text);
    assertThat(data.find()).isTrue();
    assertThat(Files.exists(Path.of(data.group(1)))).as("the data directory is deleted").isFalse();

    await("the demo's non-daemon threads end")
        .atMost(Duration.ofSeconds(30))
        .pollInSameThread()
        .untilAsserted(
            () ->
                assertThat(
                        nonDaemonThreads().stream()
                            .filter(t -> !before.contains(t))
                            .map(Thread::getName)
                            .toList())
                    .isEmpty());
  }

  private static Set<Thread> nonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
