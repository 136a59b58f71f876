package dev.sluice.processing.anomaly;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thresholds and windows of the anomaly detectors. Immutable. {@link #defaults()} are the shipped
 * settings: the job, {@code sluice demo}, {@code sluice bench detect} and the integration tests use
 * them, changing only settings whose meaning is time (the window, template warm-up) where their
 * traffic is time-compressed.
 *
 * <p>Each setting is defined once, as a component with its {@link Setting} (default, range,
 * meaning); parsing {@code --anomaly name=value}, range checks, {@link #toString()}, {@link
 * #defaults()}, {@link #SETTINGS} and the configuration reference ({@code docs/reference.md}) are
 * derived from that table ({@link #settings()}). Build with {@link #builder()} or {@link #parse}:
 * {@link Builder#build()} rejects values that make no sense with a message naming the setting and
 * its accepted range (the canonical constructor checks nothing; it is there for Java serialisation,
 * which Flink uses to ship the detectors).
 */
public record AnomalyConfig(
    @Setting(
            value = "1m",
            min = 0,
            minOpen = true,
            byName = false,
            meaning = "length of the windows the stats are computed over (the job's --window)")
        Duration window,
    @Setting(
            value = "1d",
            min = 0,
            minOpen = true,
            meaning =
                "period of the daily cycle the baselines learn; splits into 24 hours of at least one"
                    + " window each (shorter in demos)")
        Duration dayLength,
    @Setting(
            value = "0.05",
            min = 0,
            minOpen = true,
            max = 1,
            meaning = "weight of the newest window in the moving baselines")
        double baselineAlpha,
    @Setting(value = "15", min = 1, meaning = "windows a baseline must have seen before it reports")
        int warmupWindows,
    @Setting(
            value = "12",
            min = 0,
            minOpen = true,
            meaning =
                "evidence (cumulative log-likelihood ratio, nats) that opens an incident on a service:"
                    + " about the log of the windows between false alarms on pure noise")
        double evidenceThreshold,
    @Setting(
            value = "14",
            min = 0,
            minOpen = true,
            meaning = "the same for a host or endpoint of a service (there are many of them)")
        double subSeriesEvidenceThreshold,
    @Setting(
            value = "6",
            min = 0,
            minOpen = true,
            meaning =
                "evidence that opens an error-rate rise (errors are rare, so the test is quieter and a"
                    + " lower threshold finds a few points' rise within a few windows)")
        double errorEvidenceThreshold,
    @Setting(
            value = "0.5",
            min = 0,
            minOpen = true,
            max = 1,
            meaning =
                "share of the threshold one window may contribute: below 1, one window alone never"
                    + " opens")
        double windowEvidenceCap,
    @Setting(
            value = "0.83",
            min = 0,
            minOpen = true,
            max = 1,
            meaning =
                "share of the evidence threshold that opens a volume drop: a window's drop evidence"
                    + " is bounded (an empty window adds at most its expected count's worth), so on"
                    + " normal traffic the drop test's sum stays lower than the spike test's and a"
                    + " lower threshold keeps the same false-alarm rate")
        double dropEvidenceShare,
    @Setting(
            value = "1.5",
            min = 1,
            minOpen = true,
            meaning = "volume rise (observed / expected) each spike test is designed to find")
        double spikeRatio,
    @Setting(
            value = "0.6",
            min = 0,
            minOpen = true,
            max = 1,
            maxOpen = true,
            meaning = "volume fall (observed / expected) each drop test is designed to find")
        double dropRatio,
    @Setting(
            value = "1.5",
            min = 1,
            minOpen = true,
            meaning =
                "rise of the typical request's latency (geometric mean, observed / expected) the"
                    + " latency test is designed to find")
        double latencyRatio,
    @Setting(
            value = "1",
            min = 1,
            meaning =
                "latency samples per window below which the window is not judged for latency (a"
                    + " window of fewer requests is weaker evidence, which the test already weighs)")
        long minLatencySamples,
    @Setting(
            value = "0.03",
            min = 0,
            minOpen = true,
            max = 1,
            maxOpen = true,
            meaning = "rise of the error share (absolute) the error test is designed to find")
        double errorMinRise,
    @Setting(
            value = "0.002",
            min = 0,
            minOpen = true,
            max = 0.5,
            maxOpen = true,
            meaning =
                "smallest usual error share assumed, so a spotless service is not judged by zero")
        double errorFloor,
    @Setting(value = "2", min = 1, meaning = "consecutive normal windows that resolve an anomaly")
        int resolveAfterWindows,
    @Setting(value = "60s", min = 0, minOpen = true, meaning = "shortest gap reported as a silence")
        Duration silenceMin,
    @Setting(
            value = "4",
            min = 1,
            meaning = "how many times its usual longest gap per window a source may be quiet")
        double silenceFactor,
    @Setting(
            value = "100",
            min = 0,
            meaning = "events a source must have sent before its silence is reported")
        long silenceMinEvents,
    @Setting(
            value = "2m",
            min = 0,
            minOpen = true,
            meaning =
                "wall-clock quiet after which silence is checked although event time stands still")
        Duration silenceProcessingFallback,
    @Setting(
            value = "2h",
            min = 0,
            meaning =
                "event-time span after a service's first event during which new templates are"
                    + " only learnt")
        Duration templateWarmup,
    @Setting(
            value = "50",
            min = 0,
            meaning =
                "WARN-or-above messages a service must have written (besides template-warmup)"
                    + " before a template never seen counts as a new pattern: a low-volume service"
                    + " writes its rare error messages for the first time long after two hours")
        int templateWarmupLoud,
    @Setting(
            value = "1000",
            min = 10,
            meaning = "templates kept per service; the least recently seen are evicted beyond it")
        int maxTemplates,
    @Setting(
            value = "0.5",
            min = 0,
            minOpen = true,
            max = 1,
            meaning = "share of equal tokens for a message to join a template (Drain's similarity)")
        double templateSimilarity,
    @Setting(
            value = "5",
            min = 1,
            meaning = "occurrences in one window that make a rare template burst")
        int burstMin,
    @Setting(
            value = "20",
            min = 1,
            meaning =
                "how many times its usual rate per window a rare template must occur to burst")
        double burstFactor,
    @Setting(
            value = "0.01",
            min = 0,
            meaning = "usual occurrences per window under which a template counts as rare")
        double rareRate,
    @Setting(
            value = "5m",
            min = 0,
            minOpen = true,
            meaning = "quiet after which a new-pattern anomaly resolves")
        Duration patternQuietAfter,
    @Setting(value = "3", min = 0, meaning = "exemplar events kept per anomaly") int maxExemplars,
    @Setting(
            value = "64",
            min = 1,
            meaning =
                "sub-series (hosts, endpoints) tracked per service; the least recently seen go first")
        int maxSeriesPerService,
    @Setting(
            value = "2d",
            min = 0,
            minOpen = true,
            meaning = "state of a service or source not seen for this long is dropped")
        Duration stateTtl)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Every setting, in declaration order (the window first). */
  private static final List<AnomalySetting> ALL = AnomalySetting.of(AnomalyConfig.class);

  /** The names {@link #parse} accepts, in the order the reference lists them. */
  public static final List<String> SETTINGS =
      ALL.stream().filter(AnomalySetting::byName).map(AnomalySetting::name).toList();

  /** Every setting (the window, which the job's {@code --window} sets, first). */
  public static List<AnomalySetting> settings() {
    return ALL;
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
    ALL.forEach(s -> b.values.put(s, s.get(this)));
    return b;
  }

  /**
   * The defaults with {@code window} and the settings of {@code spec}, a comma list of {@code
   * name=value} ({@code evidence-threshold=12,silence-min=2m}); names in {@link #SETTINGS},
   * durations in the grammar of {@link dev.sluice.model.config.Durations} ({@code 90s}, {@code 2m},
   * {@code 1h}, {@code 1d}).
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

  /**
   * The value of the setting {@code name} ({@code window} or one of {@link #SETTINGS}), as text.
   */
  public String value(String name) {
    return String.valueOf(
        ALL.stream()
            .filter(s -> s.name().equals(name))
            .findFirst()
            .orElseThrow(() -> unknown(name))
            .get(this));
  }

  /** The settings that differ from {@link #defaults()}, as {@code name=value} (window first). */
  public List<String> differencesFromDefaults() {
    List<String> out = new ArrayList<>();
    for (AnomalySetting s : ALL) {
      if (!s.get(this).equals(s.defaultValue())) {
        out.add(s.name() + "=" + s.get(this));
      }
    }
    return out;
  }

  /** Every setting, {@code AnomalyConfig{window=PT1M, day-length=PT24H, …}}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("AnomalyConfig{");
    for (AnomalySetting s : ALL) {
      out.append(s == ALL.get(0) ? "" : ", ").append(s.name()).append('=').append(s.get(this));
    }
    return out.append('}').toString();
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "unknown anomaly setting '" + name + "'; known: " + String.join(", ", SETTINGS));
  }

  /** Builds {@link AnomalyConfig}, starting from the defaults. */
  public static final class Builder {
    private final Map<AnomalySetting, Object> values = new LinkedHashMap<>();

    private Builder() {
      ALL.forEach(s -> values.put(s, s.defaultValue()));
    }

    /** Sets the window (the job's {@code --window}; not a {@code --anomaly} name). */
    public Builder window(Duration v) {
      values.put(ALL.get(0), v);
      return this;
    }

    /**
     * Sets the setting {@code name} (one of {@link #SETTINGS}) from text, as {@code --anomaly}
     * writes it.
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or a value that
     *     does not parse (naming the setting and what it accepts)
     */
    public Builder set(String name, String text) {
      AnomalySetting s = byName(name);
      values.put(s, s.parse(text));
      return this;
    }

    /**
     * Sets the setting {@code name} (one of {@link #SETTINGS}) to {@code value}: a {@link Duration}
     * or a number, as the setting's type is.
     *
     * @throws IllegalArgumentException for an unknown name or a value of the wrong type
     */
    public Builder with(String name, Object value) {
      AnomalySetting s = byName(name);
      values.put(s, s.coerce(value));
      return this;
    }

    private static AnomalySetting byName(String name) {
      return ALL.stream()
          .filter(s -> s.byName() && s.name().equals(name))
          .findFirst()
          .orElseThrow(() -> unknown(name));
    }

    /**
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public AnomalyConfig build() {
      values.forEach(
          (s, v) -> {
            if (v == null) {
              throw new IllegalArgumentException("anomaly setting " + s.name() + " is not set");
            }
            s.check(v);
          });
      Duration window = (Duration) values.get(ALL.get(0));
      Duration dayLength = (Duration) values.get(byName("day-length"));
      if (dayLength.toMillis() % 24 != 0 || dayLength.compareTo(window.multipliedBy(24)) < 0) {
        throw new IllegalArgumentException(
            "anomaly setting day-length="
                + dayLength
                + " must split into 24 hours of at least one window ("
                + window
                + ") each");
      }
      return AnomalySetting.construct(AnomalyConfig.class, values.values().toArray());
    }
  }
}
