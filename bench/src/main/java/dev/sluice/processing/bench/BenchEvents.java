package dev.sluice.processing.bench;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.time.Instant;

/**
 * Deterministic synthetic access-log traffic for the job benchmark: a few services and hosts,
 * mostly 2xx with some 4xx/5xx, latencies with a long tail, a few hundred clients and paths; event
 * time advances {@value #EVENTS_PER_SECOND} events per second from a fixed start.
 */
public final class BenchEvents {
  static final int EVENTS_PER_SECOND = 1000;
  private static final String[] SERVICES = {"checkout", "search", "auth", "catalog", "payments"};
  private static final long START = 1_790_000_000_000L;

  private BenchEvents() {}

  /** The {@code i}-th event. */
  public static LogEvent event(long i) {
    long mix = (i * 2_654_435_761L) & 0x7fffffffL;
    int status = mix % 50 == 0 ? 503 : mix % 20 == 0 ? 404 : 200;
    String service = SERVICES[(int) (i % SERVICES.length)];
    long time = START + i * 1000 / EVENTS_PER_SECOND;
    return LogEvent.newBuilder()
        .setId("bench-" + i)
        .setEventTime(Instant.ofEpochMilli(time))
        .setIngestTime(Instant.ofEpochMilli(time))
        .setService(service)
        .setHost(service + "-" + (mix % 4))
        .setSource("bench")
        .setLevel(status >= 500 ? Level.ERROR : status >= 400 ? Level.WARN : Level.INFO)
        .setMessage("GET /api/items/" + (mix % 300) + " HTTP/1.1 " + status)
        .setHttp(
            HttpRequest.newBuilder()
                .setMethod("GET")
                .setPath("/api/items/" + (mix % 300))
                .setStatus(status)
                .setBytes(200 + mix % 5000)
                .setDurationMs(1.0 + (mix % 97 == 0 ? mix % 2000 : mix % 80))
                .setClientAddress("10.1." + (mix % 7) + "." + (mix % 251))
                .build())
        .build();
  }
}
