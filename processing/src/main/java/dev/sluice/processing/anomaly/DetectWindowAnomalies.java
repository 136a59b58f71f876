package dev.sluice.processing.anomaly;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Exemplar;
import dev.sluice.model.LogEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Volume spike and drop (per service and per service+host), error-rate rise (per service) and
 * latency rise (per service and per endpoint) over the window observations of one service, keyed by
 * service. The first input is the service's events (errors and a sample of the rest), kept as
 * exemplars only; the second the observations of its windows.
 *
 * <p>Observations of a window are buffered and judged together on the event-time timer at the
 * window's end, service first, by {@link SeriesJudge}: sequential evidence per series, so a small
 * sustained shift opens after a few windows and a one-window blip — such as the cut-off window
 * before a silence, which is {@link DetectSilence}'s — does not; a host or endpoint does not open
 * an incident of the kind the whole service already has open; the first window of a series and
 * after a gap is not judged. One incident is one anomaly id, OPEN → UPDATED … → RESOLVED ({@link
 * IncidentTracker}).
 *
 * <p>State per service: at most {@code maxSeriesPerService} series (least recently seen evicted),
 * each of fixed size; an exemplar buffer of fixed size; pending observations until their timer; all
 * with a TTL of {@code stateTtl}.
 */
public final class DetectWindowAnomalies
    extends KeyedCoProcessFunction<String, LogEvent, WindowObservation, Anomaly> {
  private static final long serialVersionUID = 1L;

  private final AnomalyConfig config;
  private transient MapState<String, SeriesState> series;
  private transient MapState<String, WindowObservation> pending;
  private transient ValueState<ExemplarBuffer> exemplars;

  public DetectWindowAnomalies(AnomalyConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(config.stateTtl()).build();
    MapStateDescriptor<String, SeriesState> s =
        new MapStateDescriptor<>("series", Types.STRING, TypeInformation.of(SeriesState.class));
    s.enableTimeToLive(ttl);
    series = getRuntimeContext().getMapState(s);
    MapStateDescriptor<String, WindowObservation> p =
        new MapStateDescriptor<>(
            "pending-windows", Types.STRING, TypeInformation.of(WindowObservation.class));
    pending = getRuntimeContext().getMapState(p);
    ValueStateDescriptor<ExemplarBuffer> e =
        new ValueStateDescriptor<>("exemplars", TypeInformation.of(ExemplarBuffer.class));
    e.enableTimeToLive(ttl);
    exemplars = getRuntimeContext().getState(e);
  }

  @Override
  public void processElement1(LogEvent event, Context ctx, Collector<Anomaly> out)
      throws Exception {
    ExemplarBuffer buffer = exemplars.value();
    if (buffer == null) {
      buffer = new ExemplarBuffer();
    }
    long t = event.getEventTime().toEpochMilli();
    long window = config.window().toMillis();
    buffer.add(event, Endpoints.of(event), t - Math.floorMod(t, window));
    exemplars.update(buffer);
  }

  @Override
  public void processElement2(WindowObservation obs, Context ctx, Collector<Anomaly> out)
      throws Exception {
    pending.put(obs.seriesKey() + "@" + obs.windowStart, obs.copy());
    ctx.timerService().registerEventTimeTimer(obs.windowEnd - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Anomaly> out) throws Exception {
    List<WindowObservation> due = new ArrayList<>();
    Iterator<Map.Entry<String, WindowObservation>> it = pending.iterator();
    while (it.hasNext()) {
      WindowObservation o = it.next().getValue();
      if (o.windowEnd - 1 <= timestamp) {
        due.add(o);
        it.remove();
      }
    }
    due.sort(
        Comparator.comparingLong((WindowObservation o) -> o.windowStart)
            .thenComparingInt(o -> o.endpoint != null ? 2 : o.host != null ? 1 : 0)
            .thenComparing(WindowObservation::seriesKey));
    ExemplarBuffer buffer = exemplars.value();
    if (buffer == null) {
      buffer = new ExemplarBuffer();
    }
    for (WindowObservation o : due) {
      judge(o, buffer, out);
    }
  }

  private void judge(WindowObservation o, ExemplarBuffer buffer, Collector<Anomaly> out)
      throws Exception {
    String key = o.seriesKey();
    SeriesState s = series.get(key);
    if (s == null) {
      s = new SeriesState();
      makeRoom(key);
    }
    SeriesState whole = key.isEmpty() ? null : series.get("");
    for (SeriesJudge.Outcome outcome : SeriesJudge.judge(s, whole, o, config)) {
      SeriesJudge.Decision d = outcome.decision();
      List<Exemplar> ex =
          switch (outcome.metric()) {
            case VOLUME -> buffer.recent(config.maxExemplars(), o.host);
            case ERRORS -> buffer.errors(config.maxExemplars());
            case LATENCY -> buffer.slowest(config.maxExemplars(), o.endpoint);
          };
      out.collect(emit(d.metric(), d.status(), d.reading(), o, ex));
      if (d.status() == AnomalyStatus.RESOLVED) {
        d.metric().close();
      }
    }
    series.put(key, s);
  }

  private Anomaly emit(
      MetricState m, AnomalyStatus status, Reading r, WindowObservation o, List<Exemplar> ex) {
    AnomalyKind kind = AnomalyKind.valueOf(m.incidentKind);
    if (r.kind != kind) {
      Reading copy = Reading.normal();
      copy.kind = kind;
      copy.observed = r.observed;
      copy.expected = r.expected;
      copy.lower = r.lower;
      copy.upper = r.upper;
      copy.score = r.score;
      copy.description = r.description;
      r = copy;
    }
    return AnomalyRecords.of(
        m.incidentId,
        kind,
        status,
        o.service,
        o.host,
        o.endpoint,
        m.incidentStart,
        m.incidentLastEnd,
        o.windowEnd,
        r,
        ex);
  }

  /** Series kept for the current key (for tests). */
  int seriesCount() throws Exception {
    int n = 0;
    for (String ignored : series.keys()) {
      n++;
    }
    return n;
  }

  /** Observations waiting for their timer, for the current key (for tests). */
  int pendingCount() throws Exception {
    int n = 0;
    for (String ignored : pending.keys()) {
      n++;
    }
    return n;
  }

  private void makeRoom(String newKey) throws Exception {
    if (newKey.isEmpty()) {
      return;
    }
    int n = 0;
    String oldest = null;
    long oldestEnd = Long.MAX_VALUE;
    for (Map.Entry<String, SeriesState> e : series.entries()) {
      n++;
      if (!e.getKey().isEmpty() && e.getValue().lastWindowEnd < oldestEnd) {
        oldestEnd = e.getValue().lastWindowEnd;
        oldest = e.getKey();
      }
    }
    if (n >= config.maxSeriesPerService() && oldest != null) {
      series.remove(oldest);
    }
  }
}
