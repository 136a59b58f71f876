package dev.sluice.processing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The job's Kafka flags: where it reads, where it writes, and how the Kafka sinks deliver. */
final class KafkaFlags {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "kafka:9092",
      description = {"Kafka brokers", "default: required"})
  String bootstrapServers;

  @Option(
      names = "--topic",
      paramLabel = "logs",
      defaultValue = "logs",
      description = "topic of LogEvents (the model's single-object encoding)")
  String topic;

  @Option(
      names = "--group-id",
      paramLabel = "sluice-processing",
      defaultValue = "sluice-processing",
      description =
          "consumer group (offsets live in checkpoints; committed to the group for monitoring)")
  String groupId;

  @Option(
      names = "--starting-offsets",
      paramLabel = "earliest",
      defaultValue = "earliest",
      description = "where a new group without state starts: earliest or latest")
  JobOptions.StartingOffsets startingOffsets;

  @Option(
      names = "--kafka-property",
      paramLabel = "security.protocol=SSL",
      description = {
        "any Kafka client property for the source and the Kafka sinks (TLS, SASL ...), key=value,"
            + " repeatable; values of keys with password/secret/key/jaas are masked when printed",
        "default: -"
      })
  List<String> kafkaProperty = new ArrayList<>();

  @Option(
      names = "--rejects-topic",
      paramLabel = "logs.rejects",
      defaultValue = "logs.rejects",
      description = "topic for rejects")
  String rejectsTopic;

  @Option(
      names = "--stats-topic",
      paramLabel = "stats",
      defaultValue = "stats",
      description = "topic for window stats")
  String statsTopic;

  @Option(
      names = "--anomalies-topic",
      paramLabel = "anomalies",
      defaultValue = "anomalies",
      description = "topic for anomalies (keyed by anomaly id)")
  String anomaliesTopic;

  @Option(
      names = "--kafka-delivery",
      paramLabel = "at-least-once",
      defaultValue = "at-least-once",
      description = "at-least-once or exactly-once (Kafka transactions) for the Kafka sinks")
  JobOptions.KafkaDelivery kafkaDelivery;

  @Option(
      names = "--transactional-id-prefix",
      paramLabel = "sluice-processing",
      defaultValue = "sluice-processing",
      description = "Kafka transactional id prefix; unique per job on one Kafka cluster")
  String transactionalIdPrefix;

  /** The {@code --kafka-property} pairs, in order; a later one replaces an earlier key. */
  Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String value : kafkaProperty) {
      int eq = value.indexOf('=');
      if (eq <= 0) {
        throw new OptionsException("--kafka-property needs key=value, e.g. security.protocol=SSL");
      }
      properties.put(value.substring(0, eq).trim(), value.substring(eq + 1));
    }
    return properties;
  }

  void validate() {
    JobOptions.require(
        bootstrapServers, "--bootstrap-servers", "the Kafka brokers, e.g. localhost:9092");
    JobOptions.require(topic, "--topic", "the topic to read, e.g. logs");
    JobOptions.require(groupId, "--group-id", "the consumer group, e.g. sluice-processing");
    properties();
    if (kafkaDelivery == JobOptions.KafkaDelivery.EXACTLY_ONCE) {
      JobOptions.require(
          transactionalIdPrefix, "--transactional-id-prefix", "a prefix unique per job");
    }
  }
}
