package dev.sluice.ingest.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Deterministic benchmark input lines, held in memory so that reading them costs nothing. */
final class BenchLines {
  private static final String[] APPS = {"sshd", "nginx", "postfix", "cron", "kernel"};
  private static final String[] MESSAGES = {
    "Accepted publickey for deploy from 10.0.%d.%d port %d ssh2",
    "connect from unknown[10.1.%d.%d] port %d",
    "upstream timed out (110) while reading response header from 10.2.%d.%d:%d",
    "(root) CMD (run-parts /etc/cron.hourly) job %d.%d.%d",
    "TCP: request_sock_TCP: Possible SYN flooding on port %d.%d.%d"
  };

  private BenchLines() {}

  /** {@code n} RFC 5424 syslog lines (an hour ago, so Kafka accepts their timestamps). */
  static List<String> syslog(int n) {
    SplittableRandom random = new SplittableRandom(42);
    Instant start = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    List<String> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int app = random.nextInt(APPS.length);
      lines.add(
          String.format(
              Locale.ROOT,
              "<%d>1 %s host-%d %s %d - [meta seq=\"%d\"] " + MESSAGES[app],
              8 * (16 + random.nextInt(8)) + random.nextInt(8),
              start.plusMillis(i),
              random.nextInt(20),
              APPS[app],
              1000 + random.nextInt(30_000),
              i,
              random.nextInt(256),
              random.nextInt(256),
              random.nextInt(65_536)));
    }
    return lines;
  }

  /** {@code n} lines of JSON application logs, as {@code sluice bench ship} uses. */
  static List<String> json(int n) throws IOException {
    Path file = Files.createTempFile("sluice-bench-json-", ".log");
    try {
      BenchmarkData.writeJson(file, n);
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
