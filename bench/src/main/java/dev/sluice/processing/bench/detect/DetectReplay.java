package dev.sluice.processing.bench.detect;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.DemoEvent;
import dev.sluice.ingest.demo.DemoTrafficGenerator;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.ship.DemoPipelines;
import dev.sluice.ingest.ship.EventPipeline;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.LogEvent;
import dev.sluice.processing.anomaly.AnomalyConfig;
import dev.sluice.processing.anomaly.Endpoints;
import dev.sluice.processing.anomaly.SeriesJudge;
import dev.sluice.processing.anomaly.SeriesState;
import dev.sluice.processing.anomaly.WindowObservation;
import dev.sluice.processing.stats.EmitWindowStats;
import dev.sluice.processing.stats.StatsKey;
import dev.sluice.processing.stats.StatsSample;
import dev.sluice.processing.stats.WindowAccumulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Replays demo traffic through the job's window detectors without a Flink cluster: each generated
 * record is parsed and enriched as the shipper does, turned into the job's {@link StatsSample}s
 * (service, service+host, service+endpoint), aggregated per window by the job's {@link
 * WindowAccumulator} into the job's {@code WindowStats} records ({@link EmitWindowStats#toStats}),
 * and judged by {@link SeriesJudge} — the code {@code DetectWindowAnomalies} runs — service first,
 * then hosts, then endpoints, window by window. Every event also goes through the job's template
 * miner and new-pattern rule ({@link PatternReplay}) and its silence rule ({@link SilenceReplay}).
 * What it leaves out is Flink itself (keyed state, timers, watermarks): events are in order, so
 * every window is complete when judged.
 */
public final class DetectReplay {
  /** One OPEN decision: kind, service, host or endpoint, first window, decision time. */
  public record Detection(
      AnomalyKind kind, String service, String where, long windowStart, long detectedAt) {}

  private DetectReplay() {}

  /** Every OPEN decision over the traffic of {@code demo}, in decision order. */
  public static List<Detection> run(DemoConfig demo, AnomalyConfig config) {
    long window = config.window().toMillis();
    DemoPipelines pipelines = new DemoPipelines(null, "bench", Map.of(), new ShipMetrics());
    Map<String, Map<String, SeriesState>> states = new HashMap<>();
    // window start → series (service \0 kind \0 name) → accumulator
    TreeMap<Long, Map<String, WindowAccumulator>> open = new TreeMap<>();
    List<Detection> out = new ArrayList<>();
    PatternReplay patterns = new PatternReplay(config);
    SilenceReplay silences = new SilenceReplay(config);
    long seq = 0;
    try (DemoTrafficGenerator generator = new DemoTrafficGenerator(demo)) {
      while (generator.hasNext()) {
        DemoEvent e = generator.next();
        long t = e.timeMillis();
        long w = t - Math.floorMod(t, window);
        while (!open.isEmpty() && open.firstKey() + window <= t) {
          var first = open.pollFirstEntry();
          judge(first.getKey(), first.getKey() + window, first.getValue(), states, config, out);
        }
        if (!(pipelines.process(e, "bench:" + seq++, e.eventTime())
            instanceof EventPipeline.Result.Event shipped)) {
          continue;
        }
        LogEvent event = shipped.event();
        patterns.add(event, out);
        silences.add(event, out);
        Map<String, WindowAccumulator> acc = open.computeIfAbsent(w, k -> new HashMap<>());
        String service = event.getService();
        acc.computeIfAbsent(service + "\0s\0", k -> new WindowAccumulator())
            .add(StatsSample.of(event, null));
        if (event.getHost() != null && !event.getHost().isEmpty()) {
          acc.computeIfAbsent(service + "\0h\0" + event.getHost(), k -> new WindowAccumulator())
              .add(StatsSample.of(event, event.getHost()));
        }
        if (event.getHttp() != null && event.getHttp().getDurationMs() != null) {
          String endpoint = Endpoints.of(event);
          acc.computeIfAbsent(service + "\0e\0" + endpoint, k -> new WindowAccumulator())
              .add(StatsSample.of(event, endpoint));
        }
      }
    }
    while (!open.isEmpty()) {
      var first = open.pollFirstEntry();
      judge(first.getKey(), first.getKey() + window, first.getValue(), states, config, out);
    }
    return out;
  }

  private static void judge(
      long start,
      long end,
      Map<String, WindowAccumulator> windows,
      Map<String, Map<String, SeriesState>> states,
      AnomalyConfig config,
      List<Detection> out) {
    List<WindowObservation> obs = new ArrayList<>();
    for (Map.Entry<String, WindowAccumulator> e : windows.entrySet()) {
      String[] parts = e.getKey().split("\0", -1);
      String service = parts[0];
      String kind = parts[1];
      String name = parts[2];
      WindowObservation o =
          WindowObservation.of(
              EmitWindowStats.toStats(
                  new StatsKey(service, kind.equals("s") ? null : name),
                  new TimeWindow(start, end),
                  e.getValue(),
                  0));
      if (kind.equals("e")) {
        o.endpoint = name;
        o.host = null;
      }
      obs.add(o);
    }
    obs.sort(
        Comparator.comparing((WindowObservation o) -> o.service)
            .thenComparingInt(o -> o.endpoint != null ? 2 : o.host != null ? 1 : 0)
            .thenComparing(WindowObservation::seriesKey));
    for (WindowObservation o : obs) {
      Map<String, SeriesState> service = states.computeIfAbsent(o.service, k -> new HashMap<>());
      String key = o.seriesKey();
      SeriesState s = service.computeIfAbsent(key, k -> new SeriesState());
      SeriesState whole = key.isEmpty() ? null : service.get("");
      for (SeriesJudge.Outcome outcome : SeriesJudge.judge(s, whole, o, config)) {
        SeriesJudge.Decision d = outcome.decision();
        if (d.status() == AnomalyStatus.OPEN) {
          out.add(new Detection(d.kind(), o.service, key, d.metric().incidentStart, o.windowEnd));
        }
        if (d.status() == AnomalyStatus.RESOLVED) {
          SeriesJudge.close(d);
        }
      }
    }
  }
}
