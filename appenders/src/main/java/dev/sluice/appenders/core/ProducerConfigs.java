package dev.sluice.appenders.core;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer configuration of an appender: the shipper's ({@code ingest} {@code KafkaSettings}:
 * acks=all, idempotent, retries for as long as it takes, same compression, linger and batch
 * defaults), except what keeps the application safe.
 *
 * <p>Guarantees: {@code max.block.ms} is short and {@code buffer.memory} exceeds the appender's own
 * byte bound, so the only thread that ever waits on Kafka is the appender's sender thread; user
 * properties cannot change either, nor acks, idempotence or the serializers.
 */
final class ProducerConfigs {
  /** How long the sender thread may wait inside {@code send} for metadata. */
  static final int MAX_BLOCK_MS = 1_000;

  private ProducerConfigs() {}

  static Map<String, Object> of(AppenderSettings settings, String clientId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
    config.put(ProducerConfig.LINGER_MS_CONFIG, settings.lingerMs());
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchSize());
    // Buffered events stay until Kafka takes them; the appender's own bound decides what is kept.
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
    config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 100);
    config.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 5_000);
    config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    config.putAll(settings.producerProperties());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
    config.put(
        ProducerConfig.BUFFER_MEMORY_CONFIG,
        Math.max(32L * 1024 * 1024, 2 * settings.bufferBytes()));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }
}
