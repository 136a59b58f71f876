package dev.sluice.processing;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.time.Instant;

/** Builds log events for tests. */
public final class TestEvents {
  private TestEvents() {}

  /** A plain event. */
  public static LogEvent event(
      String id, long eventTime, String service, String host, Level level) {
    return LogEvent.newBuilder()
        .setId(id)
        .setEventTime(Instant.ofEpochMilli(eventTime))
        .setIngestTime(Instant.ofEpochMilli(eventTime))
        .setService(service)
        .setHost(host)
        .setLevel(level)
        .setMessage("message " + id)
        .build();
  }

  /** An access-log event. */
  public static LogEvent request(
      String id,
      long eventTime,
      String service,
      String host,
      int status,
      double durationMs,
      String client,
      String path) {
    LogEvent e = event(id, eventTime, service, host, status >= 500 ? Level.ERROR : Level.INFO);
    e.setHttp(
        HttpRequest.newBuilder()
            .setMethod("GET")
            .setPath(path)
            .setStatus(status)
            .setBytes(100L)
            .setDurationMs(durationMs)
            .setClientAddress(client)
            .build());
    return e;
  }
}
