package dev.sluice.query.sample;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic-looking log events for one service and one hour: the same seed gives the
 * same events. For benchmarks and test fixtures.
 */
public final class SyntheticLogs {
  private static final String[] MESSAGES = {
    "GET /api/cart 200 in 12ms",
    "payment authorised for order",
    "cache miss for product catalogue",
    "upstream timeout after 3000ms calling inventory",
    "user signed in",
    "slow query on orders table",
    "connection reset by peer",
    "retrying request to pricing service",
  };
  private static final String[] PATHS = {"/api/cart", "/api/pay", "/api/items", "/health"};

  private SyntheticLogs() {}

  /**
   * {@code count} events of {@code service} spread evenly over the hour starting at {@code
   * hourStartMillis}, with ids {@code <service>-<hourStart>-<n>}.
   */
  public static Iterator<LogEvent> hour(
      String service, long hourStartMillis, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new Iterator<>() {
      private int n;

      @Override
      public boolean hasNext() {
        return n < count;
      }

      @Override
      public LogEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long time = hourStartMillis + (3_600_000L * n) / Math.max(1, count);
        int r = random.nextInt(100);
        Level level = r < 2 ? Level.ERROR : r < 10 ? Level.WARN : r < 80 ? Level.INFO : Level.DEBUG;
        String message = MESSAGES[random.nextInt(MESSAGES.length)];
        int status = level == Level.ERROR ? 503 : r < 12 ? 404 : 200;
        LogEvent event =
            LogEvent.newBuilder()
                .setId(service + "-" + hourStartMillis + "-" + n)
                .setEventTime(java.time.Instant.ofEpochMilli(time))
                .setIngestTime(java.time.Instant.ofEpochMilli(time + 5))
                .setService(service)
                .setHost(service + "-" + random.nextInt(3))
                .setEnvironment("prod")
                .setSource("/var/log/" + service + ".log")
                .setLevel(level)
                .setMessage(message + " #" + n)
                .setLogger("dev.sluice." + service)
                .setThread("worker-" + random.nextInt(8))
                .setHttp(
                    HttpRequest.newBuilder()
                        .setMethod("GET")
                        .setPath(PATHS[random.nextInt(PATHS.length)])
                        .setStatus(status)
                        .setBytes((long) random.nextInt(10_000))
                        .setDurationMs(random.nextDouble() * 200)
                        .build())
                .setAttributes(Map.of("region", "eu-west-1"))
                .build();
        n++;
        return event;
      }
    };
  }
}
