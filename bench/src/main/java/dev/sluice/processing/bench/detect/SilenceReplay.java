package dev.sluice.processing.bench.detect;

import dev.sluice.model.AnomalyKind;
import dev.sluice.model.LogEvent;
import dev.sluice.processing.anomaly.AnomalyConfig;
import dev.sluice.processing.anomaly.DetectSilence;
import dev.sluice.processing.anomaly.SourceState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Silence detection as {@link DetectSilence} does it, without Flink: per service one {@link
 * SourceState} for the service and one per host, fed every event in time order ({@link
 * SourceState#heard}), checked at every tick of event time ({@link DetectSilence#tick}) with the
 * job's rule ({@link DetectSilence#verdict}); a silence resolves when its source talks again. The
 * job checks only while some source may fall silent, which decides the same: a check that is
 * skipped could not have reported. Events must come in time order.
 */
final class SilenceReplay {
  private static final String SERVICE = "";

  private final AnomalyConfig config;
  private final long tick;
  private final Map<String, Map<String, SourceState>> sources = new LinkedHashMap<>();
  private long nextTick = Long.MIN_VALUE;

  SilenceReplay(AnomalyConfig config) {
    this.config = config;
    this.tick = DetectSilence.tick(config);
  }

  /** Checks every source at the ticks before {@code e}, then hears {@code e}. */
  void add(LogEvent e, List<DetectReplay.Detection> out) {
    long t = e.getEventTime().toEpochMilli();
    checkUntil(t, out);
    Map<String, SourceState> service =
        sources.computeIfAbsent(e.getService(), k -> new HashMap<>());
    hear(service, SERVICE, e, t);
    if (e.getHost() != null) {
      hear(service, "h:" + e.getHost(), e, t);
    }
  }

  private void hear(Map<String, SourceState> service, String key, LogEvent e, long t) {
    SourceState s = service.computeIfAbsent(key, k -> new SourceState());
    s.heard(t, config.window().toMillis(), e.getId(), e.getMessage());
    if (s.incidentId != null && t > s.silentSince) {
      s.incidentId = null;
    }
  }

  private void checkUntil(long t, List<DetectReplay.Detection> out) {
    if (nextTick == Long.MIN_VALUE) {
      nextTick = Math.floorDiv(t, tick) * tick + tick;
    }
    for (; nextTick < t; nextTick += tick) {
      for (Map.Entry<String, Map<String, SourceState>> service : sources.entrySet()) {
        SourceState whole = service.getValue().get(SERVICE);
        check(service.getKey(), SERVICE, whole, whole, out);
        for (Map.Entry<String, SourceState> s : service.getValue().entrySet()) {
          if (!s.getKey().equals(SERVICE)) {
            check(service.getKey(), s.getKey(), s.getValue(), whole, out);
          }
        }
      }
    }
  }

  private void check(
      String service,
      String key,
      SourceState s,
      SourceState whole,
      List<DetectReplay.Detection> out) {
    if (DetectSilence.verdict(s, whole, !key.equals(SERVICE), nextTick, config)
        == DetectSilence.Verdict.SILENT) {
      s.incidentId = "silence " + s.lastEvent;
      s.silentSince = s.lastEvent;
      s.detectedAt = nextTick;
      out.add(new DetectReplay.Detection(AnomalyKind.SILENCE, service, key, s.lastEvent, nextTick));
    }
  }
}
