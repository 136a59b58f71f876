package dev.sluice.processing.anomaly;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Exemplar;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Severity;
import dev.sluice.processing.state.PerEventStateTtl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Silence of a source that used to talk, keyed by service: the service as a whole, and each of its
 * hosts while the rest of the service goes on talking. A source is silent once it has been quiet
 * for longer than {@code silenceFactor} times its usual longest gap per window (at least {@code
 * silenceMin}), after at least {@code silenceMinEvents} events.
 *
 * <p>Gaps are learned in event-time order, whatever the order of arrival: an event is buffered
 * until the watermark passes its time, then heard with the service's other events in time order
 * (events already behind the watermark are heard at once). So a backfill, where a source's next
 * events can arrive long before the rest of the stream has reached their time, learns and reports
 * the same silences as live traffic. Checked on an event-time tick and — when the whole stream is
 * quiet and event time stands still — on a processing-time fallback that assumes event time moves
 * with the wall clock. Reported once (OPEN) and RESOLVED when the source talks again; the end of a
 * bounded input is not a silence.
 *
 * <p>State per service: one {@link SourceState} for the service and one per host (at most {@code
 * maxSeriesPerService}, least recently heard evicted), and the events not yet passed by the
 * watermark (host, id, short message: about the out-of-orderness bound's worth), all with a TTL of
 * {@code stateTtl}; timers only while some event is buffered or some source is not yet silent, so
 * quiet keys drain.
 */
public final class DetectSilence extends KeyedProcessFunction<String, LogEvent, Anomaly> {
  private static final long serialVersionUID = 1L;
  private static final String SERVICE = "";

  /**
   * Buffered events wait in buckets of this length, each drained by one timer at its end: heard at
   * most this long after the watermark passed them, at a cost per bucket, not per buffered event.
   */
  private static final long DRAIN_STEP = 1000;

  /** Services {@link #known} remembers before it starts afresh. */
  private static final int MAX_REMEMBERED_KEYS = 10_000;

  /**
   * Shortest state TTL with which {@link #processElement} may skip rewriting the service's arrival
   * time when it is unchanged (same millisecond): with it, an entry written that millisecond cannot
   * have expired, whatever the clocks' rounding.
   */
  private static final long SKIP_UNCHANGED_MIN_TTL_MS = 60_000;

  private static final int CHECK = 0;
  private static final int FALLBACK = 1;
  private static final int ARRIVAL = 2;

  private final AnomalyConfig config;
  private transient MapState<String, SourceState> sources;
  private transient MapState<Long, List<HeardEvent>> pending;

  /**
   * Per service, what {@link #processElement} last did: the event-time check and processing-time
   * fallback it registered, and the arrival time (wall clock) it wrote to the service's state. A
   * cache, not state, that spares the timer queue the same registration and the state the same
   * write for every event; empty after a restore, where the first event does both again. Sound
   * because: this function never deletes a timer, and both timestamps lie ahead of the watermark
   * and wall clock they were computed from, so a remembered one has not fired yet (and registering
   * it again is what Flink dedups); every other write of the service's state keeps its arrival
   * time, and an entry written this millisecond has not expired (see {@link
   * #SKIP_UNCHANGED_MIN_TTL_MS}).
   */
  private transient Map<String, long[]> known;

  public DetectSilence(AnomalyConfig config) {
    this.config = config;
  }

  private long tick() {
    return tick(config);
  }

  /** How often, in event time, sources are checked for silence. */
  public static long tick(AnomalyConfig config) {
    return Math.max(1000, config.silenceMin().toMillis() / 4);
  }

  @Override
  public void open(OpenContext openContext) {
    MapStateDescriptor<String, SourceState> d =
        new MapStateDescriptor<>("sources", Types.STRING, TypeInformation.of(SourceState.class));
    d.enableTimeToLive(PerEventStateTtl.of(config.stateTtl()));
    sources = getRuntimeContext().getMapState(d);
    MapStateDescriptor<Long, List<HeardEvent>> p =
        new MapStateDescriptor<>(
            "pending", Types.LONG, Types.LIST(TypeInformation.of(HeardEvent.class)));
    p.enableTimeToLive(PerEventStateTtl.of(config.stateTtl()));
    pending = getRuntimeContext().getMapState(p);
    known = new HashMap<>();
  }

  @Override
  public void processElement(LogEvent e, Context ctx, Collector<Anomaly> out) throws Exception {
    long t = e.getEventTime().toEpochMilli();
    TimerService timers = ctx.timerService();
    long wall = timers.currentProcessingTime();
    long[] done = known.get(ctx.getCurrentKey());
    if (done == null) {
      if (known.size() >= MAX_REMEMBERED_KEYS) {
        known.clear();
      }
      done = new long[] {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
      known.put(ctx.getCurrentKey(), done);
    }
    if (done[ARRIVAL] != wall || config.stateTtl().toMillis() < SKIP_UNCHANGED_MIN_TTL_MS) {
      SourceState whole = sources.get(SERVICE);
      if (whole == null) {
        whole = new SourceState();
      }
      whole.lastSeenWallClock = wall;
      sources.put(SERVICE, whole);
      done[ARRIVAL] = wall;
    }
    long watermark = timers.currentWatermark();
    if (t <= watermark) {
      hear(e.getService(), t, HeardEvent.of(e), out); // late: its place in time order is gone
    } else {
      // Heard when the watermark passes its bucket, in time order with the service's other events.
      long bucket = ceil(t, DRAIN_STEP);
      // The list is extended in place: Flink's heap backend hands out a copy of a value that a
      // running snapshot still holds, RocksDB a deserialised one, so the put stores it either way.
      List<HeardEvent> at = pending.get(bucket);
      if (at == null) {
        at = new ArrayList<>();
        timers.registerEventTimeTimer(
            bucket); // the bucket's drain; it exists while the bucket does
      }
      at.add(HeardEvent.of(e));
      pending.put(bucket, at);
    }
    long tick = tick();
    long check = ceil(Math.max(t, watermark) + 1, tick);
    long fallback = ceil(wall + config.silenceProcessingFallback().toMillis(), tick);
    if (done[CHECK] != check) {
      timers.registerEventTimeTimer(check);
      done[CHECK] = check;
    }
    if (done[FALLBACK] != fallback) {
      timers.registerProcessingTimeTimer(fallback);
      done[FALLBACK] = fallback;
    }
  }

  private void hear(String service, long t, HeardEvent e, Collector<Anomaly> out) throws Exception {
    hear(service, SERVICE, null, e, t, out);
    if (e.host != null) {
      hear(service, "h:" + e.host, e.host, e, t, out);
    }
  }

  private void hear(
      String service, String key, String host, HeardEvent e, long t, Collector<Anomaly> out)
      throws Exception {
    SourceState s = sources.get(key);
    if (s == null) {
      s = new SourceState();
      makeRoom(key);
    }
    heard(service, host, s, e, t, out);
    sources.put(key, s);
  }

  /** Source {@code s} heard {@code e} at {@code t}: learns, and resolves its open silence. */
  private void heard(
      String service, String host, SourceState s, HeardEvent e, long t, Collector<Anomaly> out) {
    s.heard(t, config.window().toMillis(), e.id, e.message);
    if (s.incidentId != null && t > s.silentSince) {
      out.collect(anomaly(service, s, host, AnomalyStatus.RESOLVED, t, t));
      s.incidentId = null;
    }
  }

  /**
   * Hears the events buffered in {@code bucket}, in time order, and forgets them. Does what {@link
   * #hear(String, long, HeardEvent, Collector)} per event would, reading and writing each source's
   * state once per bucket instead of once per event: the states heard are held in {@code touched}
   * and written back at the end; before a new source is made room for, they are written back first
   * (the eviction looks at every state), and new ones are stored at once, in the same order.
   */
  private void drain(String service, long bucket, Collector<Anomaly> out) throws Exception {
    List<HeardEvent> due = pending.get(bucket);
    if (due == null) {
      return;
    }
    List<HeardEvent> inOrder = new ArrayList<>(due);
    inOrder.sort(Comparator.comparingLong(h -> h.time));
    Map<String, SourceState> touched = new LinkedHashMap<>();
    for (HeardEvent e : inOrder) {
      hear(service, SERVICE, null, e, e.time, out, touched);
      if (e.host != null) {
        hear(service, "h:" + e.host, e.host, e, e.time, out, touched);
      }
    }
    writeBack(touched);
    pending.remove(bucket);
  }

  /** {@link #hear(String, String, String, HeardEvent, long, Collector)} over held states. */
  private void hear(
      String service,
      String key,
      String host,
      HeardEvent e,
      long t,
      Collector<Anomaly> out,
      Map<String, SourceState> touched)
      throws Exception {
    SourceState s = touched.get(key);
    if (s == null) {
      s = sources.get(key);
      if (s == null) {
        writeBack(touched); // the eviction compares every source's state
        touched.clear(); // and may drop one of them
        s = new SourceState();
        makeRoom(key);
        heard(service, host, s, e, t, out);
        sources.put(key, s);
        touched.put(key, s);
        return;
      }
      touched.put(key, s);
    }
    heard(service, host, s, e, t, out);
  }

  private void writeBack(Map<String, SourceState> touched) throws Exception {
    for (Map.Entry<String, SourceState> held : touched.entrySet()) {
      sources.put(held.getKey(), held.getValue());
    }
  }

  /** Hears every buffered event, in time order (the stream stopped: nothing else will come). */
  private void drainAll(String service, Collector<Anomaly> out) throws Exception {
    List<Long> buckets = new ArrayList<>();
    for (Long bucket : pending.keys()) {
      buckets.add(bucket);
    }
    Collections.sort(buckets);
    for (long bucket : buckets) {
      drain(service, bucket, out);
    }
  }

  /**
   * Whether the service's stream went on after {@code time}: some buffered event is later. When a
   * bounded input ends, the watermark jumps to its end and the checks still due fire at once; a
   * check inside the data (the stream talked again later) is a real one, a check after the stream's
   * last event is not.
   */
  private boolean heardAfter(long time) throws Exception {
    for (Long bucket : pending.keys()) {
      if (bucket > time) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Anomaly> out) throws Exception {
    TimerService timers = ctx.timerService();
    boolean eventTime = ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.EVENT_TIME;
    String service = ctx.getCurrentKey();
    long now;
    if (eventTime) {
      drain(service, timestamp, out); // timers fire in time order: earlier buckets are drained
      if (timers.currentWatermark() == Long.MAX_VALUE && !heardAfter(timestamp)) {
        return; // the end of a bounded input, not a silence
      }
      if (Math.floorMod(timestamp, tick()) != 0) {
        return; // only a drain
      }
      now = timestamp;
    } else {
      SourceState arrivals = sources.get(SERVICE);
      if (arrivals == null
          || timestamp - arrivals.lastSeenWallClock
              < config.silenceProcessingFallback().toMillis()) {
        return; // events still arrive: event time decides
      }
      drainAll(service, out); // nothing arrives: what came is all there is
      now = Long.MIN_VALUE;
    }
    SourceState whole = sources.get(SERVICE);
    if (whole == null) {
      return;
    }
    if (!eventTime) {
      long quietWall = timestamp - whole.lastSeenWallClock;
      now = Math.max(whole.lastEvent + quietWall, timers.currentWatermark());
    }
    boolean mayFallSilent = check(service, SERVICE, null, whole, whole, now, out);
    for (Map.Entry<String, SourceState> entry : sources.entries()) {
      if (!entry.getKey().equals(SERVICE)) {
        SourceState s = entry.getValue();
        mayFallSilent |=
            check(service, entry.getKey(), entry.getKey().substring(2), s, whole, now, out);
      }
    }
    if (eventTime && mayFallSilent) {
      timers.registerEventTimeTimer(timestamp + tick());
    }
  }

  /** What a check of one source decides. */
  public enum Verdict {
    /** Silent now: report it. */
    SILENT,
    /** Talking, but it may fall silent later: check again. */
    MAY_FALL_SILENT,
    /** Already silent, too new to judge, or covered by its service's silence. */
    NOT_NOW
  }

  /**
   * Whether source {@code s} (a host of the service when {@code host}, else the service; {@code
   * whole}: the service's state) is silent at event time {@code now}. Plain Java over the states,
   * so benchmarks decide exactly as the job does.
   */
  public static Verdict verdict(
      SourceState s, SourceState whole, boolean host, long now, AnomalyConfig config) {
    if (s.incidentId != null) {
      return Verdict.NOT_NOW;
    }
    long allowed = s.allowedGap(config);
    if (!s.regular(config)) {
      return Verdict.NOT_NOW; // only an event can make it regular, and an event sets a new tick
    }
    if (now - s.lastEvent < allowed) {
      return Verdict.MAY_FALL_SILENT;
    }
    if (host && whole.incidentId != null) {
      return Verdict.NOT_NOW; // the whole service is silent: one silence, the service's
    }
    if (host && whole.lastEvent < s.lastEvent + allowed) {
      return Verdict.MAY_FALL_SILENT; // the rest has not talked past this host's deadline yet
    }
    return Verdict.SILENT;
  }

  /** Reports {@code s} if silent at {@code now}; returns whether it may still fall silent. */
  private boolean check(
      String service,
      String key,
      String host,
      SourceState s,
      SourceState whole,
      long now,
      Collector<Anomaly> out)
      throws Exception {
    Verdict v = verdict(s, whole, host != null, now, config);
    if (v != Verdict.SILENT) {
      return v == Verdict.MAY_FALL_SILENT;
    }
    s.incidentId = AnomalyIds.of(AnomalyKind.SILENCE, service, key, s.lastEvent);
    s.silentSince = s.lastEvent;
    s.detectedAt = now;
    out.collect(anomaly(service, s, host, AnomalyStatus.OPEN, now, now));
    sources.put(key, s);
    return false;
  }

  private Anomaly anomaly(
      String service, SourceState s, String host, AnomalyStatus status, long end, long detectedAt) {
    double quiet = (end - s.silentSince) / 1000.0;
    double allowed = s.allowedGap(config) / 1000.0;
    Reading r = Reading.normal();
    r.kind = AnomalyKind.SILENCE;
    r.observed = quiet;
    r.expected = s.usualMaxGap / 1000.0;
    r.lower = 0;
    r.upper = allowed;
    r.score = quiet / allowed;
    r.severity = host == null ? Severity.CRITICAL : Severity.WARNING;
    r.description =
        String.format(
            Locale.ROOT,
            status == AnomalyStatus.RESOLVED
                ? "talked again after %.0f s of silence (its longest gap per window is usually %.1f s)"
                : "nothing for %.0f s where gaps over %.0f s are unusual (usually at most %.1f s)",
            quiet,
            allowed,
            r.expected);
    if (status == AnomalyStatus.RESOLVED) {
      r.description =
          String.format(
              Locale.ROOT, "talked again after %.0f s of silence (allowed %.0f s)", quiet, allowed);
    }
    List<Exemplar> ex =
        s.lastEventId == null
            ? List.of()
            : List.of(
                new Exemplar(s.lastEventId, Instant.ofEpochMilli(s.silentSince), s.lastMessage));
    return AnomalyRecords.of(
        s.incidentId,
        AnomalyKind.SILENCE,
        status,
        service,
        host,
        null,
        s.silentSince,
        end,
        detectedAt,
        r,
        ex);
  }

  private void makeRoom(String newKey) throws Exception {
    if (newKey.equals(SERVICE)) {
      return;
    }
    int n = 0;
    String oldest = null;
    long oldestEvent = Long.MAX_VALUE;
    for (Map.Entry<String, SourceState> e : sources.entries()) {
      n++;
      if (!e.getKey().equals(SERVICE) && e.getValue().lastEvent < oldestEvent) {
        oldestEvent = e.getValue().lastEvent;
        oldest = e.getKey();
      }
    }
    if (n > config.maxSeriesPerService() && oldest != null) {
      sources.remove(oldest);
    }
  }

  private static long ceil(long t, long step) {
    return Math.floorDiv(t + step - 1, step) * step;
  }
}
