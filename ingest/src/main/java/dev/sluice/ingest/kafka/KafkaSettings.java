package dev.sluice.ingest.kafka;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Where and how the shipper produces: bootstrap servers, topics, compression, batching, and any
 * other Kafka client property passed through (security, SASL, SSL …), with secrets already
 * resolved. {@link #toString()} never shows property values.
 *
 * @param properties passed through to the producer; they override the defaults here, except the
 *     settings the delivery guarantee rests on (acks, idempotence, serializers)
 */
public record KafkaSettings(
    String bootstrapServers,
    String topic,
    String rejectsTopic,
    String compression,
    int lingerMs,
    int batchSize,
    Map<String, String> properties) {

  /** Compression codecs the shipper accepts. */
  public static final Set<String> COMPRESSIONS = Set.of("zstd", "lz4", "snappy", "gzip", "none");

  /**
   * The zstd level the producer compresses with unless the property {@code compression.zstd.level}
   * says otherwise: 1, not Kafka's 3. On the shipper's records (combined access logs, JSON logs, in
   * 256 KiB batches) level 1 compressed as well or better (7.97 against 7.69, 6.60 against 6.04;
   * {@code zstd -b1 -B256KiB}) at 1.2–1.8 times the speed, and compression runs on the reader
   * thread as records are appended: it was the producer's largest CPU item (see ingest/README.md).
   */
  public static final int ZSTD_LEVEL = 1;

  private static final Set<String> GUARANTEED =
      Set.of(
          ProducerConfig.ACKS_CONFIG,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG);

  public KafkaSettings {
    properties = Map.copyOf(new LinkedHashMap<>(properties));
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException(
          "no Kafka bootstrap servers: set --bootstrap-servers (kafka.bootstrap-servers)");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("the Kafka topic must not be empty (kafka.topic)");
    }
    if (rejectsTopic == null || rejectsTopic.isBlank()) {
      throw new IllegalArgumentException(
          "the rejects topic must not be empty (kafka.rejects-topic)");
    }
    if (!COMPRESSIONS.contains(compression)) {
      throw new IllegalArgumentException(
          "unknown compression '" + compression + "': use one of zstd, lz4, snappy, gzip, none");
    }
    if (lingerMs < 0) {
      throw new IllegalArgumentException("linger-ms must be >= 0, got " + lingerMs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch-size must be positive, got " + batchSize);
    }
    for (String key : properties.keySet()) {
      if (GUARANTEED.contains(key)) {
        throw new IllegalArgumentException(
            "Kafka property "
                + key
                + " cannot be overridden: the shipper's no-loss guarantee needs acks=all and an"
                + " idempotent producer of byte arrays; remove it");
      }
    }
  }

  /**
   * The producer configuration: safe defaults for at-least-once delivery with retries that wait for
   * Kafka as long as it takes, then the passed-through properties.
   */
  public Map<String, Object> producerConfig(long bufferMemory) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
    if (compression.equals("zstd")) {
      config.put(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG, ZSTD_LEVEL);
    }
    config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferMemory);
    // Never give up on a record: while Kafka is away, reading stops (backpressure) instead.
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
    config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100);
    config.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 5_000);
    config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-ship");
    config.putAll(properties);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  @Override
  public String toString() {
    return "kafka "
        + bootstrapServers
        + " topic="
        + topic
        + " rejects="
        + rejectsTopic
        + " compression="
        + compression
        + " linger.ms="
        + lingerMs
        + " batch.size="
        + batchSize
        + (properties.isEmpty() ? "" : " properties=" + properties.keySet() + " (values hidden)");
  }
}
