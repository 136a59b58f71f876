package dev.sluice.processing.anomaly;

import dev.sluice.model.AnomalyKind;
import dev.sluice.model.Severity;
import java.util.Locale;

/**
 * The three sequential tests, each advancing a series' {@link Evidence} by one window's
 * log-likelihood ratio of "shifted by the design amount" against "as the baseline says" (Page's
 * CUSUM, a repeated sequential probability ratio test), so evidence of a small sustained shift adds
 * up over windows and a one-window blip (its contribution capped below the threshold) does not
 * open:
 *
 * <ul>
 *   <li>{@link #volume}: events per window as a quasi-Poisson count (variance = dispersion × mean,
 *       the dispersion learnt from the series and never below 1, so low-volume series are judged by
 *       Poisson's own spread instead of being silenced by a minimum volume), against a rise to
 *       {@code spikeRatio} × and a fall to {@code dropRatio} × the expected count;
 *   <li>{@link #errorRate}: errors among the window's events as binomial, against a rise of the
 *       share by {@code errorMinRise};
 *   <li>{@link #latency}: the mean log latency of the window's requests as normal with variance
 *       s²/n + τ² (the series' own per-request spread over the window's n requests, plus its
 *       windows' wander), against a rise by {@code latencyRatio} ×.
 * </ul>
 *
 * A reading {@link Reading#opens} when the evidence reaches the threshold, and is {@link
 * Reading#abnormal} while the window's own ratio favours the shift.
 */
final class WindowRules {
  private WindowRules() {}

  static long hourMillis(AnomalyConfig c) {
    return c.dayLength().toMillis() / 24;
  }

  /**
   * Share of the threshold under which the baseline still learns from a window: above it the window
   * may be the start of a shift, and learning it would hide the shift.
   */
  static final double LEARN_BELOW = 0.2;

  /** The most evidence kept (in thresholds), so a long incident can end soon after it does. */
  private static final double MAX_EVIDENCE = 4;

  static double volumeValue(WindowObservation o) {
    return o.count;
  }

  /** Expected events in {@code o}'s window, at least half an event. */
  static double expectedCount(MetricState m, WindowObservation o, AnomalyConfig c) {
    return Math.max(
        0.5,
        m.baseline.expected(o.windowStart, hourMillis(c), RobustBaseline.Season.MULTIPLICATIVE));
  }

  /** Variance over mean of the counts, at least 1 (Poisson). */
  static double dispersion(MetricState m, double expected) {
    double sigma = m.baseline.scale(0);
    return Math.max(1, Math.max(sigma * sigma / expected, m.baseline.pearson));
  }

  /** Log-likelihood ratio of {@code x} under mean {@code r × mu} against {@code mu}, per unit φ. */
  static double poissonLlr(double x, double mu, double r, double phi) {
    return (x * Math.log(r) - mu * (r - 1)) / phi;
  }

  /**
   * How many standard deviations of a series' extra-Poisson spread the volume tests are at least
   * designed for: where a series wanders more than Poisson noise (bursty or autocorrelated traffic,
   * values that are not counts), a shift of the fixed design ratio is within its normal variation,
   * and evidence summed as if windows were independent would build up on the wander itself.
   */
  static final double DESIGN_SIGMAS = 3;

  /** The lowest fall (observed / expected) a drop test is ever designed for. */
  static final double MIN_DROP_DESIGN = 0.1;

  /** Expected events per window under which the drop test gathers no evidence. */
  static final double MIN_DROP_EXPECTED = 1;

  /** The largest rise a spike test is ever designed for. */
  static final double MAX_SPIKE_DESIGN = 8;

  /**
   * The spread of the counts beyond Poisson's, relative to {@code expected}: sqrt(φμ − μ) / μ for
   * dispersion φ less two of its standard errors, 0 for a Poisson series.
   */
  static double extraSpread(MetricState m, double expected, double alpha) {
    double phi = dispersion(m, expected);
    // only the part of the dispersion beyond its own sampling error (a moving mean of squared
    // residuals has a relative standard error of about sqrt(alpha)) counts as extra spread
    double significant = Math.max(1, phi * (1 - 2 * Math.sqrt(alpha)));
    return Math.sqrt((significant - 1) / expected);
  }

  /**
   * The rise (or fall) the next window of a run is tested for: the run's own ratio so far, shrunk
   * toward the design by one window's worth of it and never milder than the design (an adaptive
   * CUSUM: a drop to nothing is tested as one, so it is found in fewer windows than a drop to the
   * design ratio, while noise, whose runs sit near the design, is tested as before).
   */
  static double runDesign(Evidence e, double mu, double design, boolean rise) {
    double r = (e.observed + design * mu) / (e.expected + mu);
    return rise
        ? Math.min(MAX_SPIKE_DESIGN, Math.max(design, r))
        : Math.max(MIN_DROP_DESIGN, Math.min(design, r));
  }

  static Reading volume(MetricState m, WindowObservation o, AnomalyConfig c, double threshold) {
    Reading r = Reading.normal();
    if (!m.baseline.warm(c.warmupWindows())) {
      return r;
    }
    double mu = expectedCount(m, o, c);
    double phi = dispersion(m, mu);
    double spread = DESIGN_SIGMAS * extraSpread(m, mu, c.baselineAlpha());
    double spikeDesign = Math.min(MAX_SPIKE_DESIGN, Math.max(c.spikeRatio(), 1 + spread));
    double dropDesign = Math.max(MIN_DROP_DESIGN, Math.min(c.dropRatio(), 1 - spread));
    double rUp = runDesign(m.up, mu, spikeDesign, true);
    double rDown = runDesign(m.down, mu, dropDesign, false);
    double x = o.count;
    double cap = c.windowEvidenceCap() * threshold;
    // windows of an autocorrelated series are worth fewer independent ones (AR(1): (1 − ρ)/(1 + ρ))
    double rho = m.baseline.autocorrelation();
    double independent = (1 - rho) / (1 + rho);
    double up = independent * poissonLlr(x, mu, rUp, phi);
    // below an event per window an empty window is no news: a drop cannot show
    double raw =
        m.baseline.expected(o.windowStart, hourMillis(c), RobustBaseline.Season.MULTIPLICATIVE);
    double down = raw >= MIN_DROP_EXPECTED ? independent * poissonLlr(x, mu, rDown, phi) : -1;
    m.up.add(up, cap, o.windowStart, x, mu, threshold * MAX_EVIDENCE);
    // a drop's evidence per window is bounded, so it needs less in all (dropEvidenceShare)
    double downThreshold = threshold * c.dropEvidenceShare();
    m.down.add(
        down,
        c.windowEvidenceCap() * downThreshold,
        o.windowStart,
        x,
        mu,
        downThreshold * MAX_EVIDENCE);
    boolean rise =
        m.open()
            ? AnomalyKind.VOLUME_SPIKE.name().equals(m.incidentKind)
            : m.up.sum / threshold >= m.down.sum / downThreshold;
    Evidence e = rise ? m.up : m.down;
    double h = rise ? threshold : downThreshold;
    r.kind = rise ? AnomalyKind.VOLUME_SPIKE : AnomalyKind.VOLUME_DROP;
    r.observed = x;
    r.expected = mu;
    // the band in which a window adds no evidence either way
    r.lower = mu * (1 - dropDesign) / -Math.log(dropDesign);
    r.upper = mu * (spikeDesign - 1) / Math.log(spikeDesign);
    r.score = e.sum / h;
    r.opens = e.sum >= h;
    r.abnormal = (rise ? up : down) > 0;
    r.windows = e.windows;
    r.evidenceStart = e.start;
    double ratio = e.expected > 0 ? e.observed / e.expected : x / mu;
    if (rise) {
      r.severity = ratio >= 1 + 2 * (c.spikeRatio() - 1) * 2 ? Severity.CRITICAL : Severity.WARNING;
    } else {
      r.severity = ratio <= c.dropRatio() / 2 ? Severity.CRITICAL : Severity.WARNING;
    }
    r.description =
        String.format(
            Locale.ROOT,
            "%.0f events over the last %d window(s) where about %.0f were expected: %.2f times the"
                + " usual volume (this window %d, normal %.0f to %.0f); evidence built up over %d"
                + " window(s), %.1f of the %.1f needed",
            e.observed,
            Math.max(e.windows, 1),
            e.expected,
            ratio,
            o.count,
            r.lower,
            r.upper,
            e.windows,
            e.sum,
            h);
    return r;
  }

  static Reading errorRate(MetricState m, WindowObservation o, AnomalyConfig c, double threshold) {
    Reading r = Reading.normal();
    r.kind = AnomalyKind.ERROR_RATE_RISE;
    ShareBaseline b = m.share;
    double p0 = b.share(c.errorFloor());
    double p1 = Math.min(0.99, p0 + c.errorMinRise());
    long n = o.count;
    long k = Math.min(o.errorCount, n);
    double share = n == 0 ? 0 : (double) k / n;
    double a = Math.log(p1 / p0);
    double bb = Math.log((1 - p0) / (1 - p1));
    r.observed = share;
    r.expected = p0;
    r.lower = 0;
    r.upper = bb / (a + bb); // the share above which a window adds evidence
    if (!b.warm(c.warmupWindows()) || n == 0) {
      return r;
    }
    double llr = (k * a - (n - k) * bb) / b.dispersion();
    Evidence e = m.up;
    e.add(llr, c.windowEvidenceCap() * threshold, o.windowStart, k, n, threshold * MAX_EVIDENCE);
    r.score = e.sum / threshold;
    r.opens = e.sum >= threshold;
    r.abnormal = llr > 0;
    r.windows = e.windows;
    r.evidenceStart = e.start;
    double runShare = e.expected > 0 ? e.observed / e.expected : share;
    r.severity = runShare >= p0 + 4 * c.errorMinRise() ? Severity.CRITICAL : Severity.WARNING;
    r.description =
        String.format(
            Locale.ROOT,
            "%.0f of %.0f events over the last %d window(s) were errors (%.1f%%) where %.1f%% is"
                + " usual (this window %d of %d, above %.1f%% counts); evidence built up over %d"
                + " window(s), %.1f of the %.1f needed",
            e.observed,
            e.expected,
            Math.max(e.windows, 1),
            100 * runShare,
            100 * p0,
            k,
            n,
            100 * r.upper,
            e.windows,
            e.sum,
            threshold);
    return r;
  }

  /**
   * Per-request spreads at which a request's log latency is winsorised around the expected value:
   * wide enough that a rise of several times the design still counts almost fully, narrow enough
   * that one very slow request (a heavy tail) adds a bounded amount.
   */
  static final double LATENCY_CLIP = 3;

  /**
   * Per-request spreads below the expected value under which a request is left out of the test: a
   * request far faster than usual (a health check, a cached answer) says nothing about whether the
   * service got slower, and the share of such requests changes with the traffic (a spike dilutes
   * the health checks), which would otherwise look like a change in latency.
   */
  static final double LATENCY_KEEP_BELOW = 2;

  static boolean hasLatency(WindowObservation o, AnomalyConfig c) {
    return o.latencySketch != null && o.latencyCount >= c.minLatencySamples();
  }

  /**
   * The latency test: the mean over the window's requests of their log latencies (each winsorised
   * at {@link #LATENCY_CLIP} per-request spreads above the expected value; requests more than
   * {@link #LATENCY_KEEP_BELOW} spreads below it left out), normal around the baseline with
   * variance s²/n + τ² ({@link LatencySpread}: the service's own per-request spread s over the
   * window's n requests, plus the windows' own wander τ²), CUSUM of the log-likelihood ratio of a
   * rise by {@code latencyRatio} ×. A window of any number of requests adds the evidence it holds,
   * so a quiet night's windows of two or three requests add up to a decision within a few windows
   * instead of going unjudged, and a p95 of a few requests (their slowest) is never compared with a
   * baseline of full windows' p95s.
   */
  static Reading latency(MetricState m, WindowObservation o, AnomalyConfig c, double threshold) {
    Reading r = Reading.normal();
    r.kind = AnomalyKind.LATENCY_RISE;
    LatencySample sample = LatencySample.of(o.latencySketch);
    if (sample == null) {
      return r;
    }
    double n = sample.count();
    LatencySpread spread = m.spread;
    double above = LATENCY_CLIP * spread.clipSpread();
    double below = LATENCY_KEEP_BELOW * spread.clipSpread();
    if (Double.isNaN(spread.centre)) {
      if (m.baseline.warm(c.warmupWindows())) {
        // A warm baseline without a centre was restored from a savepoint of the p95 model (a
        // centre is set before the baseline learns its first value): it holds windows' p95s, not
        // this statistic, so the latency baseline starts again instead of hiding rises for hours.
        m.baseline = new RobustBaseline();
        m.held.clear();
      }
      spread.centre = sample.median();
    }
    boolean warm = m.baseline.warm(c.warmupWindows());
    // the reference: the baseline's expected value once it has one (it learns only normal windows,
    // late, and follows the daily profile); before, a centre that settles on the requests
    double mu =
        warm
            ? m.baseline.expected(o.windowStart, hourMillis(c), RobustBaseline.Season.ADDITIVE)
            : spread.centre;
    n = sample.kept(mu, below);
    if (n == 0) {
      return r;
    }
    double d = sample.clippedMean(mu, below, above);
    boolean settled = spread.settled();
    if (!warm) {
      spread.moveCentre(d, n);
    }
    if (!m.open()) {
      spread.learnWithin(sample.clippedSquares(mu, below, above), n);
      spread.learnUpper(sample);
    }
    if (!settled) {
      return r; // not yet a value the baseline may learn
    }
    r.value = mu + d;
    r.weight = n;
    if (!warm) {
      return r;
    }
    double v = spread.windowVariance(n);
    double delta = Math.log(c.latencyRatio());
    double llr = delta / v * (d - delta / 2);
    Evidence e = m.up;
    double expected = Math.exp(mu);
    e.add(
        llr,
        c.windowEvidenceCap() * threshold,
        o.windowStart,
        n * expected * Math.exp(d),
        n * expected,
        threshold * MAX_EVIDENCE);
    r.observed = expected * Math.exp(d);
    r.expected = expected;
    r.lower = Math.exp(mu - 3 * Math.sqrt(v));
    r.upper = Math.exp(mu + delta / 2);
    r.score = e.sum / threshold;
    r.opens = e.sum >= threshold;
    r.abnormal = llr > 0;
    r.windows = e.windows;
    r.evidenceStart = e.start;
    double ratio = e.expected > 0 ? e.observed / e.expected : Math.exp(d);
    r.severity = ratio >= 1 + 2 * (c.latencyRatio() - 1) * 2 ? Severity.CRITICAL : Severity.WARNING;
    r.description =
        String.format(
            Locale.ROOT,
            "typical latency (geometric mean of the requests) %.1f times the usual %.0f ms over the"
                + " last %d window(s) (this window %.0f ms over %d requests, p95"
                + " %.0f ms, above %.0f ms counts; per-request spread ×%.2f); evidence built up over"
                + " %d window(s), %.1f of the %.1f needed",
            ratio,
            expected,
            Math.max(e.windows, 1),
            r.observed,
            o.latencyCount,
            o.latencyP95,
            r.upper,
            Math.exp(spread.perRequest()),
            e.windows,
            e.sum,
            threshold);
    return r;
  }
}
