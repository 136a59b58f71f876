package dev.sluice.processing.template;

import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Severity;
import dev.sluice.processing.anomaly.AnomalyConfig;
import dev.sluice.processing.anomaly.AnomalyIds;
import dev.sluice.processing.state.PerEventStateTtl;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Mines message templates per service ({@link TemplateMiner}, keyed by service), writes the
 * template id and text onto every event, and reports NEW_PATTERN anomalies to {@link #ANOMALIES}: a
 * template never seen before at WARN level or above, once the service is past its warm-up ({@link
 * #warm}: {@code templateWarmup} and {@code templateWarmupLoud} WARN+ messages); a WARN+ message
 * that turns a word of a rare template (usually under {@code rareRate} per window) into a parameter
 * — a new variant that Drain folds into an old template; or a rare template bursting ({@code
 * burstMin} times in a window and {@code burstFactor} times its usual rate). One anomaly per
 * template incident: OPEN, UPDATED as its count passes 10, 100, 1000 …, RESOLVED after {@code
 * patternQuietAfter} without it. The first {@code maxExemplars} events of the pattern are its
 * exemplars.
 *
 * <p>State per service: at most {@code maxTemplates} templates (the least recently seen 10 %
 * evicted beyond it), at most {@link #MAX_OPEN} open pattern incidents, with a TTL of {@code
 * stateTtl}. Template ids survive restarts with the state.
 */
public final class MineTemplates extends KeyedProcessFunction<String, LogEvent, LogEvent> {
  private static final long serialVersionUID = 1L;

  /** NEW_PATTERN anomalies. */
  public static final OutputTag<Anomaly> ANOMALIES =
      new OutputTag<>("new-patterns", TypeInformation.of(Anomaly.class));

  /** Open pattern incidents kept per service. */
  public static final int MAX_OPEN = 32;

  /** Weight of the newest window in a template's usual rate per window. */
  public static final double RATE_ALPHA = 0.01;

  private final AnomalyConfig config;
  private transient MapState<String, List<TemplateCluster>> leaves;
  private transient ValueState<ServiceTemplates> service;
  private transient MapState<String, PatternIncident> open;
  private transient TemplateMiner miner;

  public MineTemplates(AnomalyConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig ttl = PerEventStateTtl.of(config.stateTtl());
    MapStateDescriptor<String, List<TemplateCluster>> l =
        new MapStateDescriptor<>(
            "template-leaves", Types.STRING, Types.LIST(TypeInformation.of(TemplateCluster.class)));
    l.enableTimeToLive(ttl);
    leaves = getRuntimeContext().getMapState(l);
    ValueStateDescriptor<ServiceTemplates> s =
        new ValueStateDescriptor<>("template-service", TypeInformation.of(ServiceTemplates.class));
    s.enableTimeToLive(ttl);
    service = getRuntimeContext().getState(s);
    MapStateDescriptor<String, PatternIncident> o =
        new MapStateDescriptor<>(
            "open-patterns", Types.STRING, TypeInformation.of(PatternIncident.class));
    open = getRuntimeContext().getMapState(o);
    miner =
        new TemplateMiner(
            new TemplateMiner.LeafStore() {
              @Override
              public List<TemplateCluster> get(String path) throws Exception {
                return leaves.get(path);
              }

              @Override
              public void put(String path, List<TemplateCluster> templates) throws Exception {
                leaves.put(path, templates);
              }
            },
            TemplateMiner.DEFAULT_DEPTH,
            config.templateSimilarity(),
            TemplateMiner.DEFAULT_MAX_PER_LEAF);
  }

  @Override
  public void processElement(LogEvent e, Context ctx, Collector<LogEvent> out) throws Exception {
    long t = e.getEventTime().toEpochMilli();
    long windowMs = config.window().toMillis();
    ServiceTemplates svc = service.value();
    if (svc == null) {
      svc = new ServiceTemplates();
      svc.firstEvent = t;
    }
    svc.firstEvent = Math.min(svc.firstEvent, t);
    TemplateMiner.Match m =
        miner.add(e.getService(), e.getMessage(), t, Math.floorDiv(t, windowMs), RATE_ALPHA);
    TemplateCluster template = m.template();
    LogEvent templated = withTemplate(e, template.id, template.text());
    svc.templates -= m.absorbed().size();
    if (m.created() && ++svc.templates > config.maxTemplates()) {
      svc.templates -= evictOldest(Math.max(1, config.maxTemplates() / 10), template.id);
    }
    boolean warm = warm(t - svc.firstEvent, svc.loud, config);
    if (loud(e.getLevel())) {
      svc.loud++;
    }
    service.update(svc);
    if (warm) {
      watch(e, t, template, m.created(), m.changed(), ctx, ctx.getCurrentKey());
    }
    out.collect(templated);
  }

  /** A shallow copy of {@code e} with the template: the input is never changed (object reuse). */
  static LogEvent withTemplate(LogEvent e, String id, String text) {
    return new LogEvent(
        e.getId(),
        e.getEventTime(),
        e.getIngestTime(),
        e.getService(),
        e.getHost(),
        e.getEnvironment(),
        e.getSource(),
        e.getLevel(),
        e.getMessage(),
        e.getLogger(),
        e.getThread(),
        e.getTraceId(),
        e.getSpanId(),
        e.getHttp(),
        e.getAttributes(),
        e.getTruncated(),
        id,
        text);
  }

  private void watch(
      LogEvent e,
      long t,
      TemplateCluster template,
      boolean created,
      boolean changed,
      Context ctx,
      String svcName)
      throws Exception {
    PatternIncident p = open.get(template.id);
    if (p != null) {
      p.lastSeen = Math.max(p.lastSeen, t);
      p.count++;
      p.templateText = template.text();
      p.remember(e.getId(), t, e.getMessage(), config.maxExemplars());
      if (p.count >= p.nextReport) {
        p.nextReport *= 10;
        ctx.output(ANOMALIES, anomaly(svcName, p, AnomalyStatus.UPDATED, t));
      }
      open.put(template.id, p);
      return;
    }
    boolean burst = bursts(template, created, t, config);
    boolean variant = !burst && isVariant(e.getLevel(), template, changed, t, config);
    if (!opens(e.getLevel(), template, created, changed, t, config) || size() >= MAX_OPEN) {
      return;
    }
    p = new PatternIncident();
    p.templateId = template.id;
    p.templateText = template.text();
    p.burst = burst;
    p.variant = variant;
    p.level = e.getLevel().name();
    p.start = t - Math.floorMod(t, config.window().toMillis());
    p.id = AnomalyIds.of(AnomalyKind.NEW_PATTERN, svcName, template.id, p.start);
    p.lastSeen = t;
    p.count = burst ? template.windowCount : 1;
    p.usualRate = template.rate;
    p.nextReport = 10;
    while (p.nextReport <= p.count) {
      p.nextReport *= 10;
    }
    p.remember(e.getId(), t, e.getMessage(), config.maxExemplars());
    open.put(template.id, p);
    ctx.output(ANOMALIES, anomaly(svcName, p, AnomalyStatus.OPEN, t));
    ctx.timerService().registerEventTimeTimer(resolveAt(t));
  }

  /**
   * Whether a service is past its warm-up, {@code age} after its first event with {@code loud}
   * WARN-or-above messages written before this one: {@code templateWarmup} and {@code
   * templateWarmupLoud} both passed.
   */
  public static boolean warm(long age, long loud, AnomalyConfig c) {
    return age >= c.templateWarmup().toMillis() && loud >= c.templateWarmupLoud();
  }

  /**
   * Whether a message at {@code level} at time {@code t}, which the miner put in {@code template}
   * ({@code created}: a new one; {@code changed}: a word of it became a parameter), opens a pattern
   * incident when none is open for the template and the service is past its warm-up: a new template
   * at WARN or above, a variant of a rare template, or a rare template bursting. Plain Java, so
   * benchmarks decide exactly as the job does.
   */
  public static boolean opens(
      Level level,
      TemplateCluster template,
      boolean created,
      boolean changed,
      long t,
      AnomalyConfig c) {
    return (created && loud(level))
        || bursts(template, created, t, c)
        || isVariant(level, template, changed, t, c);
  }

  /** WARN, ERROR or FATAL. */
  public static boolean loud(Level level) {
    return level == Level.WARN || level == Level.ERROR || level == Level.FATAL;
  }

  private static boolean bursts(
      TemplateCluster template, boolean created, long t, AnomalyConfig c) {
    return !created
        && template.windowCount >= c.burstMin()
        && template.rate < c.rareRate()
        && template.windowCount >= c.burstFactor() * Math.max(template.rate, 1e-3)
        && t - template.firstSeen >= c.templateWarmup().toMillis();
  }

  private static boolean isVariant(
      Level level, TemplateCluster template, boolean changed, long t, AnomalyConfig c) {
    return changed
        && loud(level)
        && template.rate < c.rareRate()
        && t - template.firstSeen >= c.templateWarmup().toMillis();
  }

  private long resolveAt(long lastSeen) {
    long w = config.window().toMillis();
    long at = lastSeen + config.patternQuietAfter().toMillis();
    return Math.floorDiv(at + w - 1, w) * w;
  }

  private int size() throws Exception {
    int n = 0;
    for (String ignored : open.keys()) {
      n++;
    }
    return n;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<LogEvent> out)
      throws Exception {
    long next = Long.MAX_VALUE;
    Iterator<Map.Entry<String, PatternIncident>> it = open.iterator();
    List<PatternIncident> done = new ArrayList<>();
    while (it.hasNext()) {
      PatternIncident p = it.next().getValue();
      if (p.lastSeen + config.patternQuietAfter().toMillis() <= timestamp) {
        done.add(p);
        it.remove();
      } else {
        next = Math.min(next, resolveAt(p.lastSeen));
      }
    }
    for (PatternIncident p : done) {
      ctx.output(ANOMALIES, anomaly(ctx.getCurrentKey(), p, AnomalyStatus.RESOLVED, timestamp));
    }
    if (next != Long.MAX_VALUE && timestamp != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(Math.max(next, timestamp + 1));
    }
  }

  /** Templates kept for the current key (for tests). */
  int templateCount() throws Exception {
    int n = 0;
    for (List<TemplateCluster> leaf : leaves.values()) {
      n += leaf.size();
    }
    return n;
  }

  private int evictOldest(int n, String keep) throws Exception {
    List<long[]> ages = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (Map.Entry<String, List<TemplateCluster>> leaf : leaves.entries()) {
      for (TemplateCluster c : leaf.getValue()) {
        if (!c.id.equals(keep)) {
          ages.add(new long[] {c.lastSeen, paths.size()});
          paths.add(leaf.getKey() + '\u0002' + c.id);
        }
      }
    }
    ages.sort((a, b) -> Long.compare(a[0], b[0]));
    int removed = 0;
    for (int i = 0; i < n && i < ages.size(); i++) {
      String ref = paths.get((int) ages.get(i)[1]);
      int sep = ref.indexOf('\u0002');
      String path = ref.substring(0, sep);
      String id = ref.substring(sep + 1);
      List<TemplateCluster> list = new ArrayList<>(leaves.get(path));
      if (list.removeIf(c -> c.id.equals(id))) {
        removed++;
      }
      if (list.isEmpty()) {
        leaves.remove(path);
      } else {
        leaves.put(path, list);
      }
    }
    return removed;
  }

  private Anomaly anomaly(String svcName, PatternIncident p, AnomalyStatus status, long now) {
    long w = config.window().toMillis();
    double upper = p.burst ? Math.max(config.burstMin(), config.burstFactor() * p.usualRate) : 0;
    String text = p.templateText;
    String detail =
        p.burst
            ? String.format(
                Locale.ROOT,
                "rare message pattern bursting, %d times where about %.2f per window is usual: %s",
                p.count,
                p.usualRate,
                text)
            : p.variant
                ? String.format(
                    Locale.ROOT,
                    "new %s message, a variant of a rare pattern (%d so far): %s",
                    p.level,
                    p.count,
                    text)
                : String.format(
                    Locale.ROOT,
                    "new %s message pattern, never seen before (%d so far): %s",
                    p.level,
                    p.count,
                    text);
    if (status == AnomalyStatus.RESOLVED) {
      detail = "message pattern quiet again after " + p.count + " occurrences: " + text;
    }
    return Anomaly.newBuilder()
        .setId(p.id)
        .setKind(AnomalyKind.NEW_PATTERN)
        .setStatus(status)
        .setService(svcName)
        .setHost(null)
        .setEndpoint(null)
        .setTemplateId(p.templateId)
        .setTemplateText(text)
        .setWindowStart(Instant.ofEpochMilli(p.start))
        .setWindowEnd(Instant.ofEpochMilli(Math.floorDiv(p.lastSeen, w) * w + w))
        .setDetectedAt(Instant.ofEpochMilli(now))
        .setObserved(p.count)
        .setExpected(p.usualRate)
        .setLowerBound(0)
        .setUpperBound(upper)
        .setScore(p.count / Math.max(p.usualRate, 1e-3) / 1000.0)
        .setSeverity("FATAL".equals(p.level) ? Severity.CRITICAL : Severity.WARNING)
        .setDescription(
            "new pattern on "
                + svcName
                + (status == AnomalyStatus.RESOLVED ? ", resolved: " : ": ")
                + detail)
        .setExemplars(p.exemplars())
        .build();
  }
}
