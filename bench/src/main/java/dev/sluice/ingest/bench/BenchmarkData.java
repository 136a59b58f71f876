package dev.sluice.ingest.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes realistic benchmark inputs: a combined access log (nginx/Apache) and JSON application
 * logs, both deterministic for a given line count.
 */
public final class BenchmarkData {
  private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
  private static final String[] PATHS = {
    "/", "/api/v1/items", "/api/v1/items/%d", "/api/v1/orders/%d", "/static/app.%d.js", "/login"
  };
  private static final int[] STATUSES = {
    200, 200, 200, 200, 201, 204, 301, 304, 400, 404, 500, 503
  };
  private static final String[] AGENTS = {
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/17.5 Safari/605.1.15",
    "curl/8.5.0",
    "Go-http-client/1.1"
  };
  private static final String[] LEVELS = {"info", "info", "info", "debug", "warn", "error"};
  private static final String[] MESSAGES = {
    "order placed",
    "payment authorised",
    "cache miss for key",
    "retrying upstream call",
    "user signed in",
    "inventory reserved"
  };
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private BenchmarkData() {}

  /** Writes {@code lines} lines of combined access log. */
  public static void writeCombined(Path file, int lines) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    long start = Instant.parse("2026-11-26T08:00:00Z").getEpochSecond();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        String path = String.format(Locale.ROOT, pick(random, PATHS), random.nextInt(100_000));
        out.write(
            String.format(
                Locale.ROOT,
                "10.%d.%d.%d - %s [%s] \"%s %s HTTP/1.1\" %d %d \"%s\" \"%s\"\n",
                random.nextInt(256),
                random.nextInt(256),
                random.nextInt(256),
                random.nextInt(10) == 0 ? "alice" : "-",
                CLF.format(Instant.ofEpochSecond(start + i / 1000)),
                pick(random, METHODS),
                path,
                STATUSES[random.nextInt(STATUSES.length)],
                random.nextInt(50_000),
                random.nextInt(3) == 0 ? "-" : "https://shop.example.com/",
                pick(random, AGENTS)));
      }
    }
  }

  /** Writes {@code lines} lines of JSON application logs. */
  public static void writeJson(Path file, int lines) throws IOException {
    SplittableRandom random = new SplittableRandom(7);
    long start = Instant.parse("2026-11-26T08:00:00Z").toEpochMilli();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        out.write(
            String.format(
                Locale.ROOT,
                "{\"ts\":\"%s\",\"level\":\"%s\",\"logger\":\"dev.shop.%s\",\"thread\":\"worker-%d\","
                    + "\"msg\":\"%s\",\"order_id\":%d,\"user\":\"u%d\",\"latency_ms\":%.1f,"
                    + "\"trace_id\":\"%016x\"}\n",
                Instant.ofEpochMilli(start + i),
                pick(random, LEVELS),
                random.nextBoolean() ? "OrderService" : "PaymentClient",
                random.nextInt(16),
                pick(random, MESSAGES),
                random.nextInt(10_000_000),
                random.nextInt(100_000),
                random.nextDouble() * 500,
                random.nextLong()));
      }
    }
  }

  private static String pick(SplittableRandom random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
