package dev.sluice.ingest.ship;

import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.model.config.Secrets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shipper's Kafka settings as given (file, then flags over it), with their defaults from {@link
 * ShipSettings}; {@link #build()} validates them and resolves {@code ${env:…}} / {@code ${file:…}}
 * in the passed-through client properties.
 */
public final class KafkaOptions {
  private String bootstrapServers;
  private String topic = ShipSettings.defaultValue("kafka.topic");
  private String rejectsTopic = ShipSettings.defaultValue("kafka.rejects-topic");
  private String compression = ShipSettings.defaultValue("kafka.compression");
  private int lingerMs = ShipSettings.defaultValue("kafka.linger-ms");
  private int batchSize = ShipSettings.defaultValue("kafka.batch-size");
  private final Map<String, String> properties = new LinkedHashMap<>();

  KafkaOptions() {}

  public KafkaOptions bootstrapServers(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    return this;
  }

  public KafkaOptions topic(String topic) {
    this.topic = topic;
    return this;
  }

  public KafkaOptions rejectsTopic(String rejectsTopic) {
    this.rejectsTopic = rejectsTopic;
    return this;
  }

  public KafkaOptions compression(String compression) {
    this.compression = compression;
    return this;
  }

  public KafkaOptions lingerMs(int lingerMs) {
    this.lingerMs = lingerMs;
    return this;
  }

  public KafkaOptions batchSize(int batchSize) {
    this.batchSize = batchSize;
    return this;
  }

  /** A Kafka client property passed through; may hold {@code ${env:…}} / {@code ${file:…}}. */
  public KafkaOptions property(String key, String value) {
    properties.put(key, value);
    return this;
  }

  /**
   * Validates, resolving secret references.
   *
   * @throws IllegalArgumentException with a message that says what to change
   */
  public KafkaSettings build() {
    return new KafkaSettings(
        bootstrapServers,
        topic,
        rejectsTopic,
        compression,
        lingerMs,
        batchSize,
        new Secrets(System::getenv).resolveAll(properties));
  }
}
