package dev.sluice.appenders.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The validated configuration of one Sluice appender, whichever logging framework hosts it.
 *
 * <p>Guarantees: an instance exists only if {@link Builder#build()} accepted every value; its
 * messages name the setting to fix. {@link #toString()} never shows producer property values (they
 * may hold SASL passwords).
 */
public final class AppenderSettings {
  /** The topic the shipper writes to; the default here too. */
  public static final String DEFAULT_TOPIC = "logs";

  /** Compression codecs accepted, as for the shipper. */
  public static final Set<String> COMPRESSIONS = Set.of("zstd", "lz4", "snappy", "gzip", "none");

  /** Properties the delivery rests on, as for the shipper: acks=all, idempotent, byte arrays. */
  static final Set<String> GUARANTEED =
      Set.of(
          ProducerConfig.ACKS_CONFIG,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          ProducerConfig.MAX_BLOCK_MS_CONFIG,
          ProducerConfig.BUFFER_MEMORY_CONFIG);

  private final String bootstrapServers;
  private final String topic;
  private final String service;
  private final String host;
  private final String environment;
  private final int bufferEvents;
  private final long bufferBytes;
  private final int maxMessageChars;
  private final Duration flushTimeout;
  private final Duration dropWarningInterval;
  private final String compression;
  private final int lingerMs;
  private final int batchSize;
  private final Map<String, String> producerProperties;

  private AppenderSettings(Builder b, String host) {
    this.bootstrapServers = b.bootstrapServers.trim();
    this.topic = b.topic.trim();
    this.service = b.service.trim();
    this.host = host;
    this.environment = blankToNull(b.environment);
    this.bufferEvents = b.bufferEvents;
    this.bufferBytes = b.bufferBytes;
    this.maxMessageChars = b.maxMessageChars;
    this.flushTimeout = b.flushTimeout;
    this.dropWarningInterval = b.dropWarningInterval;
    this.compression = b.compression;
    this.lingerMs = b.lingerMs;
    this.batchSize = b.batchSize;
    this.producerProperties = Map.copyOf(b.producerProperties);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String topic() {
    return topic;
  }

  public String service() {
    return service;
  }

  public String host() {
    return host;
  }

  /** The environment label, or null. */
  public String environment() {
    return environment;
  }

  /** At most this many events wait for Kafka (queued or unacknowledged). */
  public int bufferEvents() {
    return bufferEvents;
  }

  /** At most this many encoded bytes wait for Kafka (queued or unacknowledged). */
  public long bufferBytes() {
    return bufferBytes;
  }

  /** Longer messages (stack trace included) are cut and flagged {@code truncated}. */
  public int maxMessageChars() {
    return maxMessageChars;
  }

  /** How long stopping waits for buffered events to be acknowledged. */
  public Duration flushTimeout() {
    return flushTimeout;
  }

  /** At most one drop warning per this interval. */
  public Duration dropWarningInterval() {
    return dropWarningInterval;
  }

  public String compression() {
    return compression;
  }

  public int lingerMs() {
    return lingerMs;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Passed through to the producer. */
  public Map<String, String> producerProperties() {
    return producerProperties;
  }

  @Override
  public String toString() {
    return "kafka "
        + bootstrapServers
        + " topic="
        + topic
        + " service="
        + service
        + " bufferEvents="
        + bufferEvents
        + " bufferBytes="
        + bufferBytes
        + (producerProperties.isEmpty()
            ? ""
            : " producerProperties=" + producerProperties.keySet() + " (values hidden)");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** Collects settings; {@link #build()} checks them all. */
  public static final class Builder {
    private String bootstrapServers;
    private String topic = DEFAULT_TOPIC;
    private String service;
    private String host;
    private String environment;
    private int bufferEvents = 10_000;
    private long bufferBytes = 8L * 1024 * 1024;
    private int maxMessageChars = 128 * 1024;
    private Duration flushTimeout = Duration.ofSeconds(5);
    private Duration dropWarningInterval = Duration.ofSeconds(30);
    private String compression = "zstd";
    private int lingerMs = 20;
    private int batchSize = 256 * 1024;
    private final Map<String, String> producerProperties = new LinkedHashMap<>();

    private Builder() {}

    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    public Builder service(String service) {
      this.service = service;
      return this;
    }

    /** The host label; defaults to {@code $HOSTNAME}, then the local host name. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder environment(String environment) {
      this.environment = environment;
      return this;
    }

    public Builder bufferEvents(int bufferEvents) {
      this.bufferEvents = bufferEvents;
      return this;
    }

    public Builder bufferBytes(long bufferBytes) {
      this.bufferBytes = bufferBytes;
      return this;
    }

    public Builder maxMessageChars(int maxMessageChars) {
      this.maxMessageChars = maxMessageChars;
      return this;
    }

    public Builder flushTimeout(Duration flushTimeout) {
      this.flushTimeout = flushTimeout;
      return this;
    }

    public Builder dropWarningInterval(Duration dropWarningInterval) {
      this.dropWarningInterval = dropWarningInterval;
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

    /** One Kafka producer property ({@code security.protocol}, {@code sasl.jaas.config} …). */
    public Builder producerProperty(String name, String value) {
      producerProperties.put(name, value);
      return this;
    }

    /**
     * Checks every setting.
     *
     * @throws IllegalArgumentException naming the setting to fix
     */
    public AppenderSettings build() {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException(
            "no Kafka bootstrap servers: set bootstrapServers (host:port[,host:port…])");
      }
      if (service == null || service.isBlank()) {
        throw new IllegalArgumentException(
            "no service: set service to the name of this application (it is the Kafka key)");
      }
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException("topic must not be empty (the default is logs)");
      }
      if (bufferEvents < 1) {
        throw new IllegalArgumentException("bufferEvents must be positive, got " + bufferEvents);
      }
      if (bufferBytes < 1024 || bufferBytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "bufferBytes must be between 1024 and " + Integer.MAX_VALUE + ", got " + bufferBytes);
      }
      if (maxMessageChars < 256) {
        throw new IllegalArgumentException(
            "maxMessageChars must be at least 256, got " + maxMessageChars);
      }
      requirePositive("flushTimeoutMillis", flushTimeout);
      requirePositive("dropWarningIntervalMillis", dropWarningInterval);
      if (!COMPRESSIONS.contains(compression)) {
        throw new IllegalArgumentException(
            "unknown compression '" + compression + "': use one of zstd, lz4, snappy, gzip, none");
      }
      if (lingerMs < 0) {
        throw new IllegalArgumentException("lingerMs must be >= 0, got " + lingerMs);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
      }
      for (String key : producerProperties.keySet()) {
        if (GUARANTEED.contains(key)) {
          throw new IllegalArgumentException(
              "producer property "
                  + key
                  + " cannot be set: the appender needs acks=all, an idempotent producer of byte"
                  + " arrays, and its own max.block.ms and buffer.memory so that logging never"
                  + " blocks; remove it");
        }
      }
      return new AppenderSettings(this, host != null && !host.isBlank() ? host : localHostName());
    }

    private static void requirePositive(String name, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
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
