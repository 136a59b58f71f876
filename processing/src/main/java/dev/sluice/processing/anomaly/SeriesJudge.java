package dev.sluice.processing.anomaly;

import dev.sluice.model.AnomalyKind;
import dev.sluice.model.AnomalyStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the windows of one series with the sequential tests of {@link WindowRules} and the
 * lifecycle of {@link IncidentTracker}: plain Java over a {@link SeriesState}, so the Flink
 * operator ({@link DetectWindowAnomalies}) and the benchmarks run the very same code.
 *
 * <p>A series' first window, and the first window after a gap of more than {@link
 * #SHORT_GAP_WINDOWS} windows, are not judged and not learnt from: they may be partial (the job or
 * the series started, or the source came back, mid-window). Up to {@link #SHORT_GAP_WINDOWS}
 * missing windows of a service or host are judged as windows of zero events (a low-volume series
 * has empty minutes; a longer quiet is {@link DetectSilence}'s). A host or endpoint does not open
 * an incident of the kind its whole service already has open, and needs more evidence than the
 * service ({@code subSeriesEvidenceThreshold}): a service has many sub-series, each a chance of a
 * false alarm.
 */
public final class SeriesJudge {
  /** What one window decided on one metric: a status to report with its reading. */
  public record Decision(AnomalyStatus status, Reading reading, MetricState metric) {
    /** The kind of the incident the decision is about. */
    public AnomalyKind kind() {
      return AnomalyKind.valueOf(metric.incidentKind);
    }
  }

  /** Which metric a decision is about, for the exemplars. */
  public enum Metric {
    VOLUME,
    ERRORS,
    LATENCY
  }

  /** A decision and its metric. */
  public record Outcome(Metric metric, Decision decision) {}

  /**
   * Windows a volume incident stays open before its level is accepted as the new normal: three time
   * constants of the baseline's moving level at the default weight (1 / 0.05 windows each), after
   * which a baseline following the shift would have taken it in.
   */
  static final int ADAPT_AFTER_WINDOWS = 60;

  /** Windows without events that count as windows of zero events rather than as a gap. */
  static final int SHORT_GAP_WINDOWS = 2;

  private SeriesJudge() {}

  /**
   * Judges window {@code o} of series {@code s} ({@code whole}: the service's state when {@code s}
   * is a host or endpoint, else null) and returns what to report, in metric order. The caller must
   * read the incident fields of a decision before judging the next window of that series.
   */
  public static List<Outcome> judge(
      SeriesState s, SeriesState whole, WindowObservation o, AnomalyConfig c) {
    List<Outcome> out = new ArrayList<>(1);
    boolean first = s.lastWindowEnd < 0;
    long length = o.windowEnd - o.windowStart;
    long missing = first || length <= 0 ? 0 : (o.windowStart - s.lastWindowEnd) / length;
    if (missing > 0 && missing <= SHORT_GAP_WINDOWS && o.endpoint == null) {
      // a quiet series skips a window or two without going silent: those windows had no events
      for (long k = missing; k >= 1; k--) {
        WindowObservation empty = new WindowObservation();
        empty.service = o.service;
        empty.host = o.host;
        empty.windowStart = o.windowStart - k * length;
        empty.windowEnd = empty.windowStart + length;
        s.lastWindowEnd = empty.windowStart;
        out.addAll(judge(s, whole, empty, c));
      }
    }
    boolean gap = !first && s.lastWindowEnd != o.windowStart;
    s.lastWindowEnd = o.windowEnd;
    if (first || gap) {
      s.volume.up.reset();
      s.volume.down.reset();
      s.errors.up.reset();
      s.latency.up.reset();
      return out;
    }
    boolean service = o.host == null && o.endpoint == null;
    double h = service ? c.evidenceThreshold() : c.subSeriesEvidenceThreshold();
    if (o.endpoint == null) {
      add(out, Metric.VOLUME, volume(s.volume, whole, o, c, h));
    }
    if (service) {
      add(out, Metric.ERRORS, errors(s.errors, o, c, c.errorEvidenceThreshold()));
    }
    if (o.host == null && WindowRules.hasLatency(o, c)) {
      add(out, Metric.LATENCY, latency(s.latency, whole, o, c, h));
    }
    return out;
  }

  private static void add(List<Outcome> out, Metric metric, Decision d) {
    if (d != null) {
      out.add(new Outcome(metric, d));
    }
  }

  static Decision volume(
      MetricState m, SeriesState whole, WindowObservation o, AnomalyConfig c, double h) {
    Reading r = WindowRules.volume(m, o, c, h);
    boolean covered =
        whole != null
            && whole.volume.open()
            && r.kind != null
            && r.kind.name().equals(whole.volume.incidentKind);
    if (!m.open() && covered && r.opens) {
      m.up.reset();
      m.down.reset();
      return null;
    }
    if (m.open() && m.incidentWindows >= ADAPT_AFTER_WINDOWS) {
      // a sustained new level: accepted as normal, learnt afresh (the daily profile is kept)
      m.baseline = m.baseline.restart();
      r.description =
          (r.description == null ? "volume" : r.description)
              + "; the level has held for "
              + m.incidentWindows
              + " windows and is now normal";
      return new Decision(AnomalyStatus.RESOLVED, r, m);
    }
    Decision d = step(m, r, o, c);
    m.baseline.observe(WindowRules.volumeValue(o), o.windowStart, WindowRules.hourMillis(c));
    learn(m, WindowRules.volumeValue(o), 1, o, c, RobustBaseline.Season.MULTIPLICATIVE);
    return d;
  }

  static Decision errors(MetricState m, WindowObservation o, AnomalyConfig c, double h) {
    if (o.count == 0) {
      return null;
    }
    Reading r = WindowRules.errorRate(m, o, c, h);
    Decision d = step(m, r, o, c);
    learn(m, o.errorCount, o.count, o, c, null);
    return d;
  }

  static Decision latency(
      MetricState m, SeriesState whole, WindowObservation o, AnomalyConfig c, double h) {
    Reading r = WindowRules.latency(m, o, c, h);
    boolean covered = whole != null && whole.latency.open();
    if (!m.open() && covered && r.opens) {
      m.up.reset();
      return null;
    }
    Decision d = step(m, r, o, c);
    if (!Double.isNaN(r.value)) {
      // weighted by the window's requests, which the latency noise model needs when it learns
      learn(m, r.value, r.weight, o, c, RobustBaseline.Season.ADDITIVE);
    }
    return d;
  }

  /**
   * Learns a window once it is {@link LearningDelay#DELAY} windows old and no incident opened
   * meanwhile; nothing while one is open. During the baseline's own warm-up there is no evidence
   * yet, so windows are learnt at once. {@code season} null: the error share.
   */
  private static void learn(
      MetricState m,
      double value,
      double weight,
      WindowObservation o,
      AnomalyConfig c,
      RobustBaseline.Season season) {
    if (m.open()) {
      m.held.clear();
      return;
    }
    boolean warm =
        season == null ? m.share.warm(c.warmupWindows()) : m.baseline.warm(c.warmupWindows());
    LearningDelay.Held h =
        warm
            ? m.held.push(value, weight, o.windowStart)
            : new LearningDelay.Held(value, weight, o.windowStart);
    if (h == null) {
      return;
    }
    if (season == null) {
      m.share.update((long) h.value(), (long) h.weight(), c.baselineAlpha() / 5, c.errorFloor());
    } else {
      long hour = WindowRules.hourMillis(c);
      double floor =
          season == RobustBaseline.Season.MULTIPLICATIVE
              ? Math.sqrt(Math.max(1, m.baseline.expected(h.time(), hour, season)))
              : 0;
      if (season == RobustBaseline.Season.MULTIPLICATIVE) {
        m.baseline.learn(
            h.value(), h.time(), c.baselineAlpha(), hour, c.warmupWindows(), season, floor);
      } else {
        if (m.baseline.warm(c.warmupWindows())) {
          // latency: the window's deviation over its requests teaches the windows' own wander
          double d = h.value() - m.baseline.expected(h.time(), hour, season);
          m.spread.learnBetween(d, h.weight(), c.baselineAlpha());
        }
        m.baseline.update(h.value(), h.time(), c.baselineAlpha(), hour, c.warmupWindows(), season);
      }
    }
  }

  /**
   * How surprising the run of windows behind a volume decision is: |observed − expected| over the
   * run in standard deviations of the series' own spread (quasi-Poisson: variance = dispersion ×
   * expected). For benchmarks that rank incidents.
   */
  public static double volumeSurprise(Decision d) {
    Evidence e = d.kind() == AnomalyKind.VOLUME_DROP ? d.metric().down : d.metric().up;
    if (!(e.expected > 0)) {
      return 0;
    }
    double phi = WindowRules.dispersion(d.metric(), e.expected / Math.max(1, e.windows));
    return Math.abs(e.observed - e.expected) / Math.sqrt(phi * e.expected);
  }

  /** Ends the incident a RESOLVED decision reported, once it has been read. */
  public static void close(Decision d) {
    d.metric().close();
  }

  /**
   * The volume evidence of {@code s} after its last window, in units of its threshold (1 opens):
   * the larger of rise and fall. For benchmarks that need a score per window.
   */
  public static double volumeScore(SeriesState s, AnomalyConfig c) {
    return Math.max(
        s.volume.up.sum / c.evidenceThreshold(),
        s.volume.down.sum / (c.evidenceThreshold() * c.dropEvidenceShare()));
  }

  private static Decision step(MetricState m, Reading r, WindowObservation o, AnomalyConfig c) {
    AnomalyStatus status = IncidentTracker.step(m, r, o, o.seriesKey(), c);
    return status == null ? null : new Decision(status, r, m);
  }
}
