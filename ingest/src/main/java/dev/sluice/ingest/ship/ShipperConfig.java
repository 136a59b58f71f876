package dev.sluice.ingest.ship;

import dev.sluice.ingest.http.HttpSourceConfig;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.syslog.SyslogSettings;
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
  private final List<ShipSource> sources;
  private final String host;
  private final String environment;
  private final Path stateDir;
  private final KafkaSettings kafka;
  private final FileFollowing files;
  private final long maxInFlightBytes;
  private final int metricsPort;
  private final Duration statusInterval;
  private final HttpSourceConfig http;
  private final String service;
  private final Map<String, String> labels;
  private final SyslogSettings syslog;
  private final ShipSource stdin;

  private ShipperConfig(
      Builder b, KafkaSettings kafka, FileFollowing files, List<ShipSource> sources, String host) {
    this.http = b.http == null ? null : b.http.build(b.service, b.labels);
    this.sources = List.copyOf(sources);
    this.host = host;
    this.environment = b.environment;
    this.stateDir = b.stateDir;
    this.kafka = kafka;
    this.files = files;
    this.maxInFlightBytes = b.maxInFlightBytes;
    this.metricsPort = b.metricsPort;
    this.statusInterval = b.statusInterval;
    this.service = b.service;
    this.labels = Map.copyOf(b.labels);
    this.syslog = b.syslog == null ? null : b.syslog.build();
    this.stdin = b.stdin ? b.stdinSpec.build(b.service, b.labels, false) : null;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<ShipSource> sources() {
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

  public KafkaSettings kafka() {
    return kafka;
  }

  /** How files are followed (for file sources; stdin uses its maximum line length). */
  public FileFollowing files() {
    return files;
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
  public ShipSource stdin() {
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
    sources.forEach(source -> s.append(source.summary()).append("; "));
    return s.append(kafka).append("; state ").append(stateDir).toString();
  }

  /** Collects options; {@link #build()} validates them. */
  public static final class Builder {
    private final List<ShipSource.Spec> sources = new ArrayList<>();
    private String service;
    private String host;
    private String environment;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Path stateDir;
    private final FileFollowing.Builder files = new FileFollowing.Builder();
    private final KafkaOptions kafka = new KafkaOptions();
    private long maxInFlightBytes = ShipSettings.defaultValue("queue.max-bytes");
    private int metricsPort = ShipSettings.defaultValue("metrics.port");
    private Duration statusInterval = ShipSettings.defaultValue("metrics.status-interval");
    private HttpSourceConfig.Builder http;
    private SyslogSettings.Builder syslog;
    private boolean stdin;
    private ShipSource.Spec stdinSpec;

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
        ShipSource.Multiline multiline) {
      sources.add(new ShipSource.Spec(paths, service, parser, regex, mustParse, labels, multiline));
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
    public Builder stdin(
        String parser, String regex, boolean mustParse, ShipSource.Multiline multiline) {
      this.stdin = true;
      this.stdinSpec =
          new ShipSource.Spec(List.of(), null, parser, regex, mustParse, Map.of(), multiline);
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

    public Builder scanInterval(Duration scanInterval) {
      files.scanInterval(scanInterval);
      return this;
    }

    public Builder bootstrapServers(String bootstrapServers) {
      kafka.bootstrapServers(bootstrapServers);
      return this;
    }

    public Builder topic(String topic) {
      kafka.topic(topic);
      return this;
    }

    public Builder rejectsTopic(String rejectsTopic) {
      kafka.rejectsTopic(rejectsTopic);
      return this;
    }

    public Builder compression(String compression) {
      kafka.compression(compression);
      return this;
    }

    public Builder lingerMs(int lingerMs) {
      kafka.lingerMs(lingerMs);
      return this;
    }

    public Builder batchSize(int batchSize) {
      kafka.batchSize(batchSize);
      return this;
    }

    /** A Kafka client property passed through; may hold {@code ${env:…}} / {@code ${file:…}}. */
    public Builder kafkaProperty(String key, String value) {
      kafka.property(key, value);
      return this;
    }

    /** How files are followed, as given so far. */
    public FileFollowing.Builder files() {
      return files;
    }

    /** The Kafka settings as given so far. */
    public KafkaOptions kafka() {
      return kafka;
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
      files.stopAtEof(stopAtEof);
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
      if (maxInFlightBytes < 1024 * 1024) {
        throw new IllegalArgumentException(
            "queue max-bytes must be at least 1 MiB, got " + maxInFlightBytes);
      }
      if (metricsPort < -1 || metricsPort > 65535) {
        throw new IllegalArgumentException(
            "metrics port must be -1 (off), 0 (any) or 1-65535, got " + metricsPort);
      }
      if (statusInterval == null || statusInterval.isNegative()) {
        throw new IllegalArgumentException("status-interval must be >= 0 (0 turns it off)");
      }
      List<ShipSource> built = new ArrayList<>();
      for (ShipSource.Spec spec : sources) {
        built.add(spec.build(service, labels, true));
      }
      FileFollowing following = files.build();
      return new ShipperConfig(
          this,
          kafkaSettings(),
          following,
          built,
          host != null ? host : ShipSettings.<String>defaultValue("host"));
    }

    /**
     * Validates and builds just the Kafka settings (for sources other than files), resolving {@code
     * ${env:…}} and {@code ${file:…}} references.
     *
     * @throws IllegalArgumentException with a message that says what to change
     */
    public KafkaSettings kafkaSettings() {
      return kafka.build();
    }
  }
}
