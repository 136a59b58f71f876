package dev.sluice.processing.anomaly;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Thresholds and windows of the anomaly detectors. Immutable. {@link #defaults()} are the shipped
 * settings: the job, {@code sluice demo}, {@code sluice bench detect} and the integration tests use
 * them, changing only settings whose meaning is time (the window, template warm-up) where their
 * traffic is time-compressed. Build with {@link #builder()}; {@link Builder#build()} rejects values
 * that make no sense with a message naming the setting.
 */
public final class AnomalyConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Length of the windows the stats are computed over. */
  public final Duration window;

  /** Period of the daily cycle the baselines learn (24 h; shorter in demos). */
  public final Duration dayLength;

  /** Weight of the newest window in the moving baselines (0..1). */
  public final double baselineAlpha;

  /** Windows a baseline must have seen before it may report. */
  public final int warmupWindows;

  /**
   * Evidence (cumulative log-likelihood ratio, in nats) that opens an incident on a service: about
   * the log of the windows between false alarms of one test on pure noise.
   */
  public final double evidenceThreshold;

  /** The same for a host or endpoint of a service (there are many of them). */
  public final double subSeriesEvidenceThreshold;

  /**
   * Evidence that opens an error-rate rise: errors are rare events, so the test is quieter at the
   * same threshold, and a lower one finds a few points' rise within a few windows.
   */
  public final double errorEvidenceThreshold;

  /** Share of the threshold one window may contribute: below 1, one window alone never opens. */
  public final double windowEvidenceCap;

  /** The volume rise (observed / expected) each spike test is designed to find. */
  public final double spikeRatio;

  /** The volume fall (observed / expected) each drop test is designed to find. */
  public final double dropRatio;

  /** The p95 latency rise (observed / expected) the latency test is designed to find. */
  public final double latencyRatio;

  /** Latency samples per window below which the window is not judged for latency. */
  public final long minLatencySamples;

  /** Rise of the error share (absolute, 0..1) the error test is designed to find. */
  public final double errorMinRise;

  /** Smallest usual error share assumed (0..1), so a spotless service is not judged by zero. */
  public final double errorFloor;

  /** Consecutive normal windows that resolve an open anomaly. */
  public final int resolveAfterWindows;

  /** Shortest gap reported as a silence. */
  public final Duration silenceMin;

  /** How many times its usual longest gap per window a source may be quiet. */
  public final double silenceFactor;

  /** Events a source must have sent before its silence is reported. */
  public final long silenceMinEvents;

  /** Wall-clock quiet after which silence is checked although event time stands still. */
  public final Duration silenceProcessingFallback;

  /** Event-time span after a service's first event during which new templates are only learnt. */
  public final Duration templateWarmup;

  /** Templates kept per service; the least recently seen are evicted beyond it. */
  public final int maxTemplates;

  /** Share of equal tokens for a message to join a template (Drain's similarity threshold). */
  public final double templateSimilarity;

  /** Occurrences in one window that make a rare template a burst. */
  public final int burstMin;

  /** How many times its usual rate per window a rare template must occur to burst. */
  public final double burstFactor;

  /** Usual occurrences per window under which a template counts as rare. */
  public final double rareRate;

  /** Quiet after which a new-pattern anomaly resolves. */
  public final Duration patternQuietAfter;

  /** Exemplar events kept per anomaly. */
  public final int maxExemplars;

  /** Sub-series (hosts, endpoints) tracked per service; the least recently seen go first. */
  public final int maxSeriesPerService;

  /** State of a service or source not seen for this long is dropped. */
  public final Duration stateTtl;

  private AnomalyConfig(Builder b) {
    this.window = b.window;
    this.dayLength = b.dayLength;
    this.baselineAlpha = b.baselineAlpha;
    this.warmupWindows = b.warmupWindows;
    this.evidenceThreshold = b.evidenceThreshold;
    this.subSeriesEvidenceThreshold = b.subSeriesEvidenceThreshold;
    this.errorEvidenceThreshold = b.errorEvidenceThreshold;
    this.windowEvidenceCap = b.windowEvidenceCap;
    this.spikeRatio = b.spikeRatio;
    this.dropRatio = b.dropRatio;
    this.latencyRatio = b.latencyRatio;
    this.minLatencySamples = b.minLatencySamples;
    this.errorMinRise = b.errorMinRise;
    this.errorFloor = b.errorFloor;
    this.resolveAfterWindows = b.resolveAfterWindows;
    this.silenceMin = b.silenceMin;
    this.silenceFactor = b.silenceFactor;
    this.silenceMinEvents = b.silenceMinEvents;
    this.silenceProcessingFallback = b.silenceProcessingFallback;
    this.templateWarmup = b.templateWarmup;
    this.maxTemplates = b.maxTemplates;
    this.templateSimilarity = b.templateSimilarity;
    this.burstMin = b.burstMin;
    this.burstFactor = b.burstFactor;
    this.rareRate = b.rareRate;
    this.patternQuietAfter = b.patternQuietAfter;
    this.maxExemplars = b.maxExemplars;
    this.maxSeriesPerService = b.maxSeriesPerService;
    this.stateTtl = b.stateTtl;
  }

  /** The defaults. */
  public static AnomalyConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.window = window;
    b.dayLength = dayLength;
    b.baselineAlpha = baselineAlpha;
    b.warmupWindows = warmupWindows;
    b.evidenceThreshold = evidenceThreshold;
    b.subSeriesEvidenceThreshold = subSeriesEvidenceThreshold;
    b.errorEvidenceThreshold = errorEvidenceThreshold;
    b.windowEvidenceCap = windowEvidenceCap;
    b.spikeRatio = spikeRatio;
    b.dropRatio = dropRatio;
    b.latencyRatio = latencyRatio;
    b.minLatencySamples = minLatencySamples;
    b.errorMinRise = errorMinRise;
    b.errorFloor = errorFloor;
    b.resolveAfterWindows = resolveAfterWindows;
    b.silenceMin = silenceMin;
    b.silenceFactor = silenceFactor;
    b.silenceMinEvents = silenceMinEvents;
    b.silenceProcessingFallback = silenceProcessingFallback;
    b.templateWarmup = templateWarmup;
    b.maxTemplates = maxTemplates;
    b.templateSimilarity = templateSimilarity;
    b.burstMin = burstMin;
    b.burstFactor = burstFactor;
    b.rareRate = rareRate;
    b.patternQuietAfter = patternQuietAfter;
    b.maxExemplars = maxExemplars;
    b.maxSeriesPerService = maxSeriesPerService;
    b.stateTtl = stateTtl;
    return b;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("AnomalyConfig{window=").append(window);
    for (String name : SETTINGS) {
      s.append(", ").append(name).append('=').append(value(name));
    }
    return s.append('}').toString();
  }

  /** The value of the setting {@code name} (one of {@link #SETTINGS}), as text. */
  public String value(String name) {
    return switch (name) {
      case "day-length" -> dayLength.toString();
      case "baseline-alpha" -> Double.toString(baselineAlpha);
      case "warmup-windows" -> Integer.toString(warmupWindows);
      case "evidence-threshold" -> Double.toString(evidenceThreshold);
      case "sub-series-evidence-threshold" -> Double.toString(subSeriesEvidenceThreshold);
      case "error-evidence-threshold" -> Double.toString(errorEvidenceThreshold);
      case "window-evidence-cap" -> Double.toString(windowEvidenceCap);
      case "spike-ratio" -> Double.toString(spikeRatio);
      case "drop-ratio" -> Double.toString(dropRatio);
      case "latency-ratio" -> Double.toString(latencyRatio);
      case "min-latency-samples" -> Long.toString(minLatencySamples);
      case "error-min-rise" -> Double.toString(errorMinRise);
      case "error-floor" -> Double.toString(errorFloor);
      case "resolve-after-windows" -> Integer.toString(resolveAfterWindows);
      case "silence-min" -> silenceMin.toString();
      case "silence-factor" -> Double.toString(silenceFactor);
      case "silence-min-events" -> Long.toString(silenceMinEvents);
      case "silence-processing-fallback" -> silenceProcessingFallback.toString();
      case "template-warmup" -> templateWarmup.toString();
      case "max-templates" -> Integer.toString(maxTemplates);
      case "template-similarity" -> Double.toString(templateSimilarity);
      case "burst-min" -> Integer.toString(burstMin);
      case "burst-factor" -> Double.toString(burstFactor);
      case "rare-rate" -> Double.toString(rareRate);
      case "pattern-quiet-after" -> patternQuietAfter.toString();
      case "max-exemplars" -> Integer.toString(maxExemplars);
      case "max-series-per-service" -> Integer.toString(maxSeriesPerService);
      case "state-ttl" -> stateTtl.toString();
      default -> throw new IllegalArgumentException("unknown anomaly setting '" + name + "'");
    };
  }

  /** The settings that differ from {@link #defaults()}, as {@code name=value} (window first). */
  public java.util.List<String> differencesFromDefaults() {
    AnomalyConfig d = defaults();
    java.util.List<String> out = new java.util.ArrayList<>();
    if (!window.equals(d.window)) {
      out.add("window=" + window);
    }
    for (String name : SETTINGS) {
      if (!value(name).equals(d.value(name))) {
        out.add(name + "=" + value(name));
      }
    }
    return out;
  }

  /** The names {@link #parse} accepts. */
  public static final java.util.List<String> SETTINGS =
      java.util.List.of(
          "day-length",
          "baseline-alpha",
          "warmup-windows",
          "evidence-threshold",
          "sub-series-evidence-threshold",
          "error-evidence-threshold",
          "window-evidence-cap",
          "spike-ratio",
          "drop-ratio",
          "latency-ratio",
          "min-latency-samples",
          "error-min-rise",
          "error-floor",
          "resolve-after-windows",
          "silence-min",
          "silence-factor",
          "silence-min-events",
          "silence-processing-fallback",
          "template-warmup",
          "max-templates",
          "template-similarity",
          "burst-min",
          "burst-factor",
          "rare-rate",
          "pattern-quiet-after",
          "max-exemplars",
          "max-series-per-service",
          "state-ttl");

  /**
   * The defaults with {@code window} and the settings of {@code spec}, a comma list of {@code
   * name=value} ({@code evidence-threshold=12,silence-min=2m}); names in {@link #SETTINGS},
   * durations as {@code 90s}, {@code 2m}, {@code 1h}, {@code 1d}.
   *
   * @throws IllegalArgumentException naming the setting that is unknown or out of range
   */
  public static AnomalyConfig parse(String spec, Duration window) {
    Builder b = builder().window(window);
    if (spec != null) {
      for (String part : spec.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "anomaly setting '" + part.strip() + "' needs name=value, e.g. evidence-threshold=8");
        }
        b.set(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
      }
    }
    return b.build();
  }

  /** Builds {@link AnomalyConfig}. */
  public static final class Builder {
    private Duration window = Duration.ofMinutes(1);
    private Duration dayLength = Duration.ofDays(1);
    private double baselineAlpha = 0.05;
    private int warmupWindows = 15;
    private double evidenceThreshold = 12;
    private double subSeriesEvidenceThreshold = 14;
    private double errorEvidenceThreshold = 6;
    private double windowEvidenceCap = 0.5;
    private double spikeRatio = 1.5;
    private double dropRatio = 0.6;
    private double latencyRatio = 1.5;
    private long minLatencySamples = 5;
    private double errorMinRise = 0.03;
    private double errorFloor = 0.002;
    private int resolveAfterWindows = 2;
    private Duration silenceMin = Duration.ofSeconds(60);
    private double silenceFactor = 4;
    private long silenceMinEvents = 100;
    private Duration silenceProcessingFallback = Duration.ofMinutes(2);
    private Duration templateWarmup = Duration.ofHours(2);
    private int maxTemplates = 1000;
    private double templateSimilarity = 0.5;
    private int burstMin = 5;
    private double burstFactor = 20;
    private double rareRate = 0.01;
    private Duration patternQuietAfter = Duration.ofMinutes(5);
    private int maxExemplars = 3;
    private int maxSeriesPerService = 64;
    private Duration stateTtl = Duration.ofDays(2);

    private Builder() {}

    public Builder window(Duration v) {
      window = v;
      return this;
    }

    public Builder dayLength(Duration v) {
      dayLength = v;
      return this;
    }

    public Builder baselineAlpha(double v) {
      baselineAlpha = v;
      return this;
    }

    public Builder warmupWindows(int v) {
      warmupWindows = v;
      return this;
    }

    public Builder evidenceThreshold(double v) {
      evidenceThreshold = v;
      return this;
    }

    public Builder subSeriesEvidenceThreshold(double v) {
      subSeriesEvidenceThreshold = v;
      return this;
    }

    public Builder errorEvidenceThreshold(double v) {
      errorEvidenceThreshold = v;
      return this;
    }

    public Builder windowEvidenceCap(double v) {
      windowEvidenceCap = v;
      return this;
    }

    public Builder spikeRatio(double v) {
      spikeRatio = v;
      return this;
    }

    public Builder dropRatio(double v) {
      dropRatio = v;
      return this;
    }

    public Builder latencyRatio(double v) {
      latencyRatio = v;
      return this;
    }

    public Builder minLatencySamples(long v) {
      minLatencySamples = v;
      return this;
    }

    public Builder errorFloor(double v) {
      errorFloor = v;
      return this;
    }

    public Builder errorMinRise(double v) {
      errorMinRise = v;
      return this;
    }

    public Builder resolveAfterWindows(int v) {
      resolveAfterWindows = v;
      return this;
    }

    public Builder silenceMin(Duration v) {
      silenceMin = v;
      return this;
    }

    public Builder silenceFactor(double v) {
      silenceFactor = v;
      return this;
    }

    public Builder silenceMinEvents(long v) {
      silenceMinEvents = v;
      return this;
    }

    public Builder silenceProcessingFallback(Duration v) {
      silenceProcessingFallback = v;
      return this;
    }

    public Builder templateWarmup(Duration v) {
      templateWarmup = v;
      return this;
    }

    public Builder maxTemplates(int v) {
      maxTemplates = v;
      return this;
    }

    public Builder templateSimilarity(double v) {
      templateSimilarity = v;
      return this;
    }

    public Builder burstMin(int v) {
      burstMin = v;
      return this;
    }

    public Builder burstFactor(double v) {
      burstFactor = v;
      return this;
    }

    public Builder rareRate(double v) {
      rareRate = v;
      return this;
    }

    public Builder patternQuietAfter(Duration v) {
      patternQuietAfter = v;
      return this;
    }

    public Builder maxExemplars(int v) {
      maxExemplars = v;
      return this;
    }

    public Builder maxSeriesPerService(int v) {
      maxSeriesPerService = v;
      return this;
    }

    public Builder stateTtl(Duration v) {
      stateTtl = v;
      return this;
    }

    /**
     * Sets one setting by its name in {@link #SETTINGS}.
     *
     * @throws IllegalArgumentException for an unknown name or a value that does not parse
     */
    public Builder set(String name, String value) {
      try {
        switch (name) {
          case "day-length" -> dayLength = duration(value);
          case "baseline-alpha" -> baselineAlpha = Double.parseDouble(value);
          case "warmup-windows" -> warmupWindows = Integer.parseInt(value);
          case "evidence-threshold" -> evidenceThreshold = Double.parseDouble(value);
          case "sub-series-evidence-threshold" ->
              subSeriesEvidenceThreshold = Double.parseDouble(value);
          case "error-evidence-threshold" -> errorEvidenceThreshold = Double.parseDouble(value);
          case "window-evidence-cap" -> windowEvidenceCap = Double.parseDouble(value);
          case "spike-ratio" -> spikeRatio = Double.parseDouble(value);
          case "drop-ratio" -> dropRatio = Double.parseDouble(value);
          case "latency-ratio" -> latencyRatio = Double.parseDouble(value);
          case "min-latency-samples" -> minLatencySamples = Long.parseLong(value);
          case "error-floor" -> errorFloor = Double.parseDouble(value);
          case "error-min-rise" -> errorMinRise = Double.parseDouble(value);
          case "resolve-after-windows" -> resolveAfterWindows = Integer.parseInt(value);
          case "silence-min" -> silenceMin = duration(value);
          case "silence-factor" -> silenceFactor = Double.parseDouble(value);
          case "silence-min-events" -> silenceMinEvents = Long.parseLong(value);
          case "silence-processing-fallback" -> silenceProcessingFallback = duration(value);
          case "template-warmup" -> templateWarmup = duration(value);
          case "max-templates" -> maxTemplates = Integer.parseInt(value);
          case "template-similarity" -> templateSimilarity = Double.parseDouble(value);
          case "burst-min" -> burstMin = Integer.parseInt(value);
          case "burst-factor" -> burstFactor = Double.parseDouble(value);
          case "rare-rate" -> rareRate = Double.parseDouble(value);
          case "pattern-quiet-after" -> patternQuietAfter = duration(value);
          case "max-exemplars" -> maxExemplars = Integer.parseInt(value);
          case "max-series-per-service" -> maxSeriesPerService = Integer.parseInt(value);
          case "state-ttl" -> stateTtl = duration(value);
          default ->
              throw new IllegalArgumentException(
                  "unknown anomaly setting '" + name + "'; known: " + String.join(", ", SETTINGS));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "anomaly setting " + name + ": '" + value + "' is not a number");
      }
      return this;
    }

    private static Duration duration(String value) {
      try {
        return org.apache.flink.util.TimeUtils.parseDuration(value);
      } catch (RuntimeException e) {
        throw new NumberFormatException(value);
      }
    }

    /**
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public AnomalyConfig build() {
      positive(window, "anomaly window");
      positive(dayLength, "day length");
      positive(silenceMin, "silence minimum");
      positive(silenceProcessingFallback, "silence processing-time fallback");
      positive(patternQuietAfter, "pattern quiet-after");
      positive(stateTtl, "anomaly state TTL");
      Objects.requireNonNull(templateWarmup, "template warm-up");
      if (dayLength.toMillis() % 24 != 0 || dayLength.compareTo(window.multipliedBy(24)) < 0) {
        throw new IllegalArgumentException(
            "day length " + dayLength + " must split into 24 hours of at least one window each");
      }
      check(baselineAlpha > 0 && baselineAlpha <= 1, "baseline alpha must be in (0, 1]");
      check(warmupWindows >= 1, "warm-up windows must be at least 1");
      check(
          evidenceThreshold > 0 && subSeriesEvidenceThreshold > 0 && errorEvidenceThreshold > 0,
          "evidence thresholds must be > 0");
      check(
          windowEvidenceCap > 0 && windowEvidenceCap <= 1,
          "window evidence cap must be in (0, 1] (a share of the threshold)");
      check(spikeRatio > 1, "spike ratio must be > 1");
      check(dropRatio > 0 && dropRatio < 1, "drop ratio must be in (0, 1)");
      check(latencyRatio > 1, "latency ratio must be > 1");
      check(minLatencySamples >= 1, "min latency samples must be at least 1");
      check(errorMinRise > 0 && errorMinRise < 1, "error minimum rise must be in (0, 1)");
      check(errorFloor > 0 && errorFloor < 0.5, "error floor must be in (0, 0.5)");
      check(resolveAfterWindows >= 1, "resolve-after windows must be at least 1");
      check(silenceFactor >= 1, "silence factor must be >= 1");
      check(maxTemplates >= 10, "keep at least 10 templates per service");
      check(
          templateSimilarity > 0 && templateSimilarity <= 1,
          "template similarity must be in (0, 1]");
      check(burstMin >= 1 && burstFactor >= 1, "burst minimum and factor must be >= 1");
      check(
          maxExemplars >= 0 && maxSeriesPerService >= 1, "exemplars >= 0, series per service >= 1");
      return new AnomalyConfig(this);
    }

    private static void positive(Duration d, String name) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
      }
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
