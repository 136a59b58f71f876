package dev.sluice.processing.anomaly;

import dev.sluice.model.WindowStats;
import java.nio.ByteBuffer;

/**
 * What the window detectors look at for one window of one series: a service ({@code host} and
 * {@code endpoint} null), a service and host, or a service and endpoint. A Flink POJO.
 */
public final class WindowObservation {
  public String service;

  /** Null unless this is a per-host series. */
  public String host;

  /** Null unless this is a per-endpoint series. */
  public String endpoint;

  public long windowStart;
  public long windowEnd;
  public long count;
  public long errorCount;
  public long latencyCount;

  /** p95 latency in ms, NaN when the window had no latency samples. */
  public double latencyP95 = Double.NaN;

  /**
   * The window's latency sketch (DDSketch's own encoding, as in the stats), null when the window
   * had no latency samples: the latency test reads every request's log latency from it.
   */
  public byte[] latencySketch;

  public WindowObservation() {}

  /** The observation of an on-time window stats record. */
  public static WindowObservation of(WindowStats stats) {
    WindowObservation o = new WindowObservation();
    o.service = stats.getService();
    o.host = stats.getHost();
    o.windowStart = stats.getWindowStart().toEpochMilli();
    o.windowEnd = stats.getWindowEnd().toEpochMilli();
    o.count = stats.getCount();
    o.errorCount = stats.getErrorCount();
    o.latencyCount = stats.getLatencyCount();
    o.latencyP95 = stats.getLatencyP95Ms() == null ? Double.NaN : stats.getLatencyP95Ms();
    ByteBuffer sketch = stats.getLatencySketch();
    if (sketch != null && sketch.hasRemaining()) {
      byte[] bytes = new byte[sketch.remaining()];
      sketch.duplicate().get(bytes);
      o.latencySketch = bytes;
    }
    return o;
  }

  /** A copy, for keeping in state (inputs may be reused). */
  public WindowObservation copy() {
    WindowObservation o = new WindowObservation();
    o.service = service;
    o.host = host;
    o.endpoint = endpoint;
    o.windowStart = windowStart;
    o.windowEnd = windowEnd;
    o.count = count;
    o.errorCount = errorCount;
    o.latencyCount = latencyCount;
    o.latencyP95 = latencyP95;
    o.latencySketch = latencySketch;
    return o;
  }

  /**
   * The key of this series within its service: {@code ""}, {@code h:<host>} or {@code
   * e:<endpoint>}.
   */
  public String seriesKey() {
    if (endpoint != null) {
      return "e:" + endpoint;
    }
    return host == null ? "" : "h:" + host;
  }

  @Override
  public String toString() {
    return service
        + "/"
        + seriesKey()
        + "@"
        + windowStart
        + " count="
        + count
        + " errors="
        + errorCount
        + " p95="
        + latencyP95;
  }
}
