package dev.sluice.processing.stats;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The part of a {@link LogEvent} that window stats need, for one stats key. Much smaller than the
 * event, so the keyed exchange before the windows moves little data. Serialized by {@link
 * StatsSampleSerializer} (field by field, no reflection).
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

  public StatsSample() {}

  /** The sample of {@code event} for the key {@code (service, host)}. */
  public static StatsSample of(LogEvent event, String host) {
    StatsSample s = new StatsSample();
    s.service = event.getService();
    s.host = host;
    s.eventTime = event.getEventTime().toEpochMilli();
    Level level = event.getLevel() == null ? Level.UNKNOWN : event.getLevel();
    s.level = level.ordinal();
    s.messageBytes = utf8Length(event.getMessage());
    HttpRequest http = event.getHttp();
    if (http != null) {
      s.status = http.getStatus() == null ? 0 : http.getStatus();
      s.responseBytes = http.getBytes() == null ? 0 : http.getBytes();
      s.latencyMs = http.getDurationMs() == null ? Double.NaN : http.getDurationMs();
      s.client = http.getClientAddress();
      s.path = http.getPath();
    }
    return s;
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
