package dev.sluice.ingest.ship;

import dev.sluice.ingest.file.FileSourceOptions;
import dev.sluice.ingest.file.PathGlob;
import dev.sluice.ingest.file.ReadFrom;
import dev.sluice.ingest.http.HttpSourceConfig;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.multiline.MultilineOptions;
import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.syslog.SyslogSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shipper's options, parsed once (from flags or a YAML file) and validated by {@link
 * Builder#build()}, whose errors say what to change. Secrets are resolved before they get here and
 * never appear in {@link #toString()}.
 */
public final class ShipperConfig {
  /** Default maximum line length; longer lines are cut and flagged. */
  public static final int DEFAULT_MAX_LINE_BYTES = 256 * 1024;

  /**
   * One input: files matching globs, shipped as one service with one parser.
   *
   * @param mustParse whether a record the parser does not understand goes to the rejects topic
   *     (true) or is shipped as an unparsed event with level UNKNOWN (false)
   * @param multiline how lines merge into records, or null for one record per line
   */
  public record Source(
      List<PathGlob> paths,
      String service,
      String parserName,
      LogParser parser,
      boolean mustParse,
      Map<String, String> labels,
      MultilineOptions multiline) {
    public Source {
      paths = List.copyOf(paths);
      labels = Map.copyOf(labels);
    }
  }

  private final List<Source> sources;
  private final String host;
  private final String environment;
  private final Path stateDir;
  private final ReadFrom readFrom;
  private final boolean gzip;
  private final int maxLineBytes;
  private final Duration closeInactive;
  private final Duration partialLineTimeout;
  private final Duration scanInterval;
  private final Duration checkpointInterval;
  private final Duration stateRetention;
  private final KafkaSettings kafka;
  private final long maxInFlightBytes;
  private final int metricsPort;
  private final Duration statusInterval;
  private final boolean stopAtEof;
  private final HttpSourceConfig http;
  private final String service;
  private final Map<String, String> labels;
  private final SyslogSettings syslog;
  private final Source stdin;

  private ShipperConfig(Builder b, KafkaSettings kafka, List<Source> sources, String host) {
    this.http = b.http == null ? null : b.http.build(b.service, b.labels);
    this.sources = List.copyOf(sources);
    this.host = host;
    this.environment = b.environment;
    this.stateDir = b.stateDir;
    this.readFrom = b.readFrom;
    this.gzip = b.gzip;
    this.maxLineBytes = b.maxLineBytes;
    this.closeInactive = b.closeInactive;
    this.partialLineTimeout = b.partialLineTimeout;
    this.scanInterval = b.scanInterval;
    this.checkpointInterval = b.checkpointInterval;
    this.stateRetention = b.stateRetention;
    this.kafka = kafka;
    this.maxInFlightBytes = b.maxInFlightBytes;
    this.metricsPort = b.metricsPort;
    this.statusInterval = b.statusInterval;
    this.stopAtEof = b.stopAtEof;
    this.service = b.service;
    this.labels = Map.copyOf(b.labels);
    this.syslog = b.syslog == null ? null : b.syslog.build();
    this.stdin = b.stdin ? b.buildStdin() : null;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Source> sources() {
    return sources;
  }

  public String host() {
    return host;
  }

  public String environment() {
    return environment;
  }

  public Path stateDir() {
    return stateDir;
  }

  public ReadFrom readFrom() {
    return readFrom;
  }

  public boolean gzip() {
    return gzip;
  }

  public int maxLineBytes() {
    return maxLineBytes;
  }

  public Duration closeInactive() {
    return closeInactive;
  }

  /** How long a file must not grow before its unterminated last line is shipped. */
  public Duration partialLineTimeout() {
    return partialLineTimeout;
  }

  public Duration scanInterval() {
    return scanInterval;
  }

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  public Duration stateRetention() {
    return stateRetention;
  }

  public KafkaSettings kafka() {
    return kafka;
  }

  public long maxInFlightBytes() {
    return maxInFlightBytes;
  }

  /** The Prometheus endpoint's port; 0 picks a free one, -1 turns it off. */
  public int metricsPort() {
    return metricsPort;
  }

  /** How often a status line goes to stderr; zero turns it off. */
  public Duration statusInterval() {
    return statusInterval;
  }

  /** Whether to stop once every file is read to its end and delivered (backfill mode). */
  public boolean stopAtEof() {
    return stopAtEof;
  }

  /** The HTTP source, or null when there is none. */
  public HttpSourceConfig http() {
    return http;
  }

  /** The default service (sources may name their own), or null if none was given. */
  public String service() {
    return service;
  }

  /** Static labels for every event. */
  public Map<String, String> labels() {
    return labels;
  }

  /** The syslog listeners, or null when there are none. */
  public SyslogSettings syslog() {
    return syslog;
  }

  /** The standard-input source (its paths are empty), or null when stdin is not read. */
  public Source stdin() {
    return stdin;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (http != null) {
      s.append(http).append("; ");
    }
    if (stdin != null) {
      s.append("stdin service=").append(stdin.service()).append(" parser=");
      s.append(stdin.parserName()).append("; ");
    }
    if (syslog != null) {
      s.append(syslog).append("; ");
    }
    for (Source source : sources) {
      s.append("source service=")
          .append(source.service())
          .append(" paths=")
          .append(source.paths())
          .append(" parser=")
          .append(source.parserName())
          .append(source.mustParse() ? " (must parse)" : "")
          .append("; ");
    }
    return s.append(kafka).append("; state ").append(stateDir).toString();
  }

  /** Collects options; {@link #build()} validates them. */
  public static final class Builder {
    private final List<SourceSpec> sources = new ArrayList<>();
    private String service;
    private String host;
    private String environment;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Path stateDir;
    private ReadFrom readFrom = ReadFrom.BEGINNING;
    private boolean gzip;
    private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    private Duration closeInactive = Duration.ofMinutes(5);
    private Duration partialLineTimeout = FileSourceOptions.DEFAULT_PARTIAL_LINE_TIMEOUT;
    private Duration scanInterval = Duration.ofSeconds(1);
    private Duration checkpointInterval = Duration.ofSeconds(1);
    private Duration stateRetention = Duration.ofDays(7);
    private String bootstrapServers;
    private String topic = "logs";
    private String rejectsTopic = "logs.rejects";
    private String compression = "zstd";
    private int lingerMs = 20;
    private int batchSize = 256 * 1024;
    private final Map<String, String> kafkaProperties = new LinkedHashMap<>();
    private long maxInFlightBytes = 16L * 1024 * 1024;
    private int metricsPort = -1;
    private Duration statusInterval = Duration.ofSeconds(30);
    private boolean stopAtEof;
    private HttpSourceConfig.Builder http;
    private SyslogSettings.Builder syslog;
    private boolean stdin;
    private SourceSpec stdinSpec;

    private record SourceSpec(
        List<String> paths,
        String service,
        String parser,
        String regex,
        boolean mustParse,
        Map<String, String> labels,
        Multiline multiline) {}

    /**
     * How a source merges lines: {@code mode} is {@code stack-traces}, {@code none}, {@code
     * start-pattern} or {@code continuation-pattern} (null: stack traces, except for one-line
     * formats — json, combined, common, syslog — which default to none); null fields take the
     * multiline defaults.
     */
    public record Multiline(
        String mode, String pattern, Integer maxChars, Integer maxLines, Duration flushTimeout) {}

    /** Adds an input of files; a null service or parser takes the defaults. */
    public Builder source(
        List<String> paths,
        String service,
        String parser,
        boolean mustParse,
        Map<String, String> labels) {
      return source(paths, service, parser, null, mustParse, labels);
    }

    /**
     * Adds an input of files.
     *
     * @param regex the pattern with named groups for parser {@code regex}, else null
     */
    public Builder source(
        List<String> paths,
        String service,
        String parser,
        String regex,
        boolean mustParse,
        Map<String, String> labels) {
      return source(paths, service, parser, regex, mustParse, labels, null);
    }

    /** Adds an input of files with its multiline settings (null: the default for its parser). */
    public Builder source(
        List<String> paths,
        String service,
        String parser,
        String regex,
        boolean mustParse,
        Map<String, String> labels,
        Multiline multiline) {
      sources.add(
          new SourceSpec(
              List.copyOf(paths),
              service,
              parser,
              regex,
              mustParse,
              labels == null ? Map.of() : labels,
              multiline));
      return this;
    }

    /** The syslog listeners' options, created on first use (so flags can add to a file's). */
    public SyslogSettings.Builder syslog() {
      if (syslog == null) {
        syslog = SyslogSettings.builder();
      }
      return syslog;
    }

    /**
     * Reads standard input as one source of the default service, with a parser (null: auto) and its
     * options, as a file source would.
     */
    public Builder stdin(String parser, String regex, boolean mustParse, Multiline multiline) {
      this.stdin = true;
      this.stdinSpec =
          new SourceSpec(List.of(), null, parser, regex, mustParse, Map.of(), multiline);
      return this;
    }

    /** The service of sources that name none. */
    public Builder service(String service) {
      this.service = service;
      return this;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder environment(String environment) {
      this.environment = environment;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder stateDir(Path stateDir) {
      this.stateDir = stateDir;
      return this;
    }

    /** Sets the state directory unless one was set already (by a config file, say). */
    public Builder stateDirIfUnset(Path stateDir) {
      if (this.stateDir == null) {
        this.stateDir = stateDir;
      }
      return this;
    }

    public Builder readFrom(ReadFrom readFrom) {
      this.readFrom = readFrom;
      return this;
    }

    public Builder gzip(boolean gzip) {
      this.gzip = gzip;
      return this;
    }

    public Builder maxLineBytes(int maxLineBytes) {
      this.maxLineBytes = maxLineBytes;
      return this;
    }

    public Builder closeInactive(Duration closeInactive) {
      this.closeInactive = closeInactive;
      return this;
    }

    /** How long a file must not grow before its unterminated last line is shipped. */
    public Builder partialLineTimeout(Duration partialLineTimeout) {
      this.partialLineTimeout = partialLineTimeout;
      return this;
    }

    public Builder scanInterval(Duration scanInterval) {
      this.scanInterval = scanInterval;
      return this;
    }

    public Builder checkpointInterval(Duration checkpointInterval) {
      this.checkpointInterval = checkpointInterval;
      return this;
    }

    public Builder stateRetention(Duration stateRetention) {
      this.stateRetention = stateRetention;
      return this;
    }

    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    public Builder rejectsTopic(String rejectsTopic) {
      this.rejectsTopic = rejectsTopic;
      return this;
    }

    public Builder compression(String compression) {
      this.compression = compression;
      return this;
    }

    public Builder lingerMs(int lingerMs) {
      this.lingerMs = lingerMs;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** A Kafka client property passed through; may hold {@code ${env:…}} / {@code ${file:…}}. */
    public Builder kafkaProperty(String key, String value) {
      kafkaProperties.put(key, value);
      return this;
    }

    public Builder maxInFlightBytes(long maxInFlightBytes) {
      this.maxInFlightBytes = maxInFlightBytes;
      return this;
    }

    public Builder metricsPort(int metricsPort) {
      this.metricsPort = metricsPort;
      return this;
    }

    public Builder statusInterval(Duration statusInterval) {
      this.statusInterval = statusInterval;
      return this;
    }

    public Builder stopAtEof(boolean stopAtEof) {
      this.stopAtEof = stopAtEof;
      return this;
    }

    /** The HTTP source's options, created (and so the source turned on) at first call. */
    public HttpSourceConfig.Builder http() {
      if (http == null) {
        http = HttpSourceConfig.builder();
      }
      return http;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException with a message that says what to change
     */
    public ShipperConfig build() {
      int inputs = (sources.isEmpty() ? 0 : 1) + (syslog == null ? 0 : 1) + (stdin ? 1 : 0);
      if (inputs == 0 && http == null) {
        throw new IllegalArgumentException(
            "nothing to ship: give at least one path glob (--path or sources[].paths),"
                + " --stdin, a syslog listener (--syslog-tcp, --syslog-udp)"
                + " or --http [HOST:]PORT (http.listen)");
      }
      if (inputs > 1 || (http != null && (syslog != null || stdin))) {
        throw new IllegalArgumentException(
            "one kind of input per sluice ship process: file paths (with or without --http),"
                + " --stdin, syslog listeners or --http; run one process for each");
      }
      if (stateDir == null) {
        throw new IllegalArgumentException(
            "no state directory: set --state-dir (state-dir), where read positions are kept");
      }
      if (maxLineBytes < 1024) {
        throw new IllegalArgumentException(
            "max-line-bytes must be at least 1024, got " + maxLineBytes);
      }
      if (maxInFlightBytes < 1024 * 1024) {
        throw new IllegalArgumentException(
            "queue max-bytes must be at least 1 MiB, got " + maxInFlightBytes);
      }
      if (metricsPort < -1 || metricsPort > 65535) {
        throw new IllegalArgumentException(
            "metrics port must be -1 (off), 0 (any) or 1-65535, got " + metricsPort);
      }
      requirePositive("scan-interval", scanInterval);
      requirePositive("checkpoint-interval", checkpointInterval);
      requirePositive("close-inactive", closeInactive);
      requirePositive("partial-line-timeout", partialLineTimeout);
      requirePositive("state-retention", stateRetention);
      if (statusInterval == null || statusInterval.isNegative()) {
        throw new IllegalArgumentException("status-interval must be >= 0 (0 turns it off)");
      }
      List<Source> built = new ArrayList<>();
      for (SourceSpec spec : sources) {
        built.add(buildSource(spec));
      }
      return new ShipperConfig(this, kafkaSettings(), built, host != null ? host : localHostName());
    }

    /**
     * Validates and builds just the Kafka settings (for sources other than files), resolving {@code
     * ${env:…}} and {@code ${file:…}} references.
     *
     * @throws IllegalArgumentException with a message that says what to change
     */
    public KafkaSettings kafkaSettings() {
      return new KafkaSettings(
          bootstrapServers,
          topic,
          rejectsTopic,
          compression,
          lingerMs,
          batchSize,
          new dev.sluice.model.config.Secrets(System::getenv).resolveAll(kafkaProperties));
    }

    private Source buildStdin() {
      if (service == null || service.isBlank()) {
        throw new IllegalArgumentException(
            "--stdin needs --service (service), the events' service");
      }
      return buildSource(stdinSpec, false);
    }

    private Source buildSource(SourceSpec spec) {
      return buildSource(spec, true);
    }

    private Source buildSource(SourceSpec spec, boolean needsPaths) {
      if (needsPaths && spec.paths().isEmpty()) {
        throw new IllegalArgumentException("a source needs at least one path glob");
      }
      List<PathGlob> globs = new ArrayList<>();
      for (String path : spec.paths()) {
        globs.add(PathGlob.of(path));
      }
      String sourceService = spec.service() != null ? spec.service() : service;
      if (sourceService == null || sourceService.isBlank()) {
        throw new IllegalArgumentException(
            "no service for " + spec.paths() + ": set --service (service, or sources[].service)");
      }
      String parserName = spec.parser() != null ? spec.parser() : "auto";
      LogParser parser = ParserLookup.byName(parserName, spec.regex());
      Map<String, String> merged = new LinkedHashMap<>(labels);
      merged.putAll(spec.labels());
      return new Source(
          globs,
          sourceService,
          parserName,
          parser,
          spec.mustParse(),
          merged,
          multiline(spec.multiline(), parserName));
    }

    private static final java.util.Set<String> ONE_LINE_FORMATS =
        java.util.Set.of(
            "json",
            "jsonl",
            "ndjson",
            "combined",
            "common",
            "nginx",
            "apache",
            "syslog",
            "syslog5424",
            "rfc5424",
            "syslog3164",
            "rfc3164");

    private static MultilineOptions multiline(Multiline m, String parserName) {
      String mode = m == null || m.mode() == null ? null : m.mode();
      if (mode == null) {
        mode =
            ONE_LINE_FORMATS.contains(parserName.toLowerCase(java.util.Locale.ROOT))
                ? "none"
                : "stack-traces";
      }
      MultilineOptions.Builder b = MultilineOptions.builder();
      switch (mode) {
        case "none":
          return null;
        case "stack-traces":
          b.stackTraces();
          break;
        case "start-pattern":
          b.startPattern(requirePattern(m, mode));
          break;
        case "continuation-pattern":
          b.continuationPattern(requirePattern(m, mode));
          break;
        default:
          throw new IllegalArgumentException(
              "multiline mode '"
                  + mode
                  + "' is not one of stack-traces, none, start-pattern, continuation-pattern");
      }
      if (m != null && m.maxChars() != null) b.maxChars(m.maxChars());
      if (m != null && m.maxLines() != null) b.maxLines(m.maxLines());
      if (m != null && m.flushTimeout() != null) b.flushTimeout(m.flushTimeout());
      return b.build();
    }

    private static String requirePattern(Multiline m, String mode) {
      if (m == null || m.pattern() == null || m.pattern().isEmpty()) {
        throw new IllegalArgumentException("multiline mode " + mode + " needs a pattern");
      }
      return m.pattern();
    }

    private static void requirePositive(String name, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
      }
    }

    private static String localHostName() {
      String env = System.getenv("HOSTNAME");
      if (env != null && !env.isBlank()) {
        return env;
      }
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        return "unknown";
      }
    }
  }
}
