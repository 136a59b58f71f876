package dev.sluice.processing.stats;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What crosses the keyed exchange into the stats windows, for one stats key: either the part of one
 * {@link LogEvent} that window stats need, or — with {@link #partial} set — the figures of many
 * events of one window already folded together by {@link LocalStatsCombiner} ahead of the exchange
 * ({@link #eventTime} is then the window's start). Serialized by {@link StatsSampleSerializer}
 * (field by field, no reflection).
 */
@TypeInfo(StatsSampleTypeInfoFactory.class)
public final class StatsSample {
  public String service;
  public String host;
  public long eventTime;
  public int level;

  /** HTTP status, 0 when the event has none. */
  public int status;

  public long responseBytes;
  public long messageBytes;

  /** HTTP duration in ms, NaN when the event has none. */
  public double latencyMs = Double.NaN;

  public String client;
  public String path;

  /** The folded figures of {@link #events()} events of one window; null for one event's sample. */
  public WindowAccumulator partial;

  public StatsSample() {}

  /** A pre-aggregated sample: {@code partial}'s events of the window starting at {@code start}. */
  public static StatsSample partial(
      String service, String host, long start, WindowAccumulator acc) {
    StatsSample s = new StatsSample();
    s.service = service;
    s.host = host;
    s.eventTime = start;
    s.partial = acc;
    return s;
  }

  /** How many events this sample stands for: 1, or the count of its {@link #partial}. */
  public long events() {
    return partial == null ? 1 : partial.count();
  }

  /** The sample of {@code event} for the key {@code (service, host)}. */
  public static StatsSample of(LogEvent event, String host) {
    return new StatsSample().fill(event, host);
  }

  /** Sets this sample to {@code event}'s for the key {@code (service, host)}; returns it. */
  StatsSample fill(LogEvent event, String host) {
    this.service = event.getService();
    this.host = host;
    this.eventTime = event.getEventTime().toEpochMilli();
    Level level = event.getLevel() == null ? Level.UNKNOWN : event.getLevel();
    this.level = level.ordinal();
    this.messageBytes = utf8Length(event.getMessage());
    HttpRequest http = event.getHttp();
    if (http != null) {
      this.status = http.getStatus() == null ? 0 : http.getStatus();
      this.responseBytes = http.getBytes() == null ? 0 : http.getBytes();
      this.latencyMs = http.getDurationMs() == null ? Double.NaN : http.getDurationMs();
      this.client = http.getClientAddress();
      this.path = http.getPath();
    } else {
      this.status = 0;
      this.responseBytes = 0;
      this.latencyMs = Double.NaN;
      this.client = null;
      this.path = null;
    }
    this.partial = null;
    return this;
  }

  /** The key this sample is aggregated under. */
  public StatsKey key() {
    return new StatsKey(service, host);
  }

  private static long utf8Length(String s) {
    if (s == null) {
      return 0;
    }
    // Fast path for ASCII; otherwise count the encoded bytes.
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return s.length();
  }
}
