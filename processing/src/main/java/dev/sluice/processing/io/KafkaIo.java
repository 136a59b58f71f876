package dev.sluice.processing.io;

import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.WindowStats;
import dev.sluice.model.codec.Codecs;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.source.LogEventDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The job's Kafka source and sinks, built from {@link JobOptions} with Flink's Kafka connector.
 *
 * <p>The source keeps its offsets in Flink checkpoints (committing them to the group only for
 * monitoring) and reads committed transactions only. The sinks are at-least-once by default: every
 * record is flushed to Kafka before its checkpoint completes, so nothing is lost, and after a
 * failure a record may appear twice. Both topics carry natural keys for that (a stats record is
 * identified by service, host, window start and revision; a reject by its topic-partition-offset
 * id). {@code --kafka-delivery exactly-once} uses Kafka transactions instead (one transactional id
 * prefix per sink): a read_committed consumer sees each record once, a checkpoint interval later.
 * {@code ExactlyOnceAfterFailureIT} proves it with a task failure after a checkpoint: the stats,
 * anomalies and rejects topics read with read_committed hold exactly what the exactly-once S3
 * tables hold. It is not the default because readers wait for the checkpoint.
 */
public final class KafkaIo {
  /** Kafka transactions must outlive a checkpoint; stays under the broker's 15 min default cap. */
  static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

  private KafkaIo() {}

  /** The source on {@code --topic}. */
  public static KafkaSource<Either<LogEvent, Reject>> source(JobOptions options) {
    return sourceBuilder(options).build();
  }

  /** The source's builder, for callers that add to it (a bounded end, a wrapped deserializer). */
  public static KafkaSourceBuilder<Either<LogEvent, Reject>> sourceBuilder(JobOptions options) {
    return sourceBuilder(options, new LogEventDeserializer());
  }

  /**
   * A builder of the source's settings with another deserializer (the benchmark's baseline reads
   * raw bytes).
   */
  public static <T> KafkaSourceBuilder<T> sourceBuilder(
      JobOptions options, KafkaRecordDeserializationSchema<T> deserializer) {
    OffsetResetStrategy reset =
        options.startingOffsets() == JobOptions.StartingOffsets.LATEST
            ? OffsetResetStrategy.LATEST
            : OffsetResetStrategy.EARLIEST;
    return KafkaSource.<T>builder()
        .setBootstrapServers(options.bootstrapServers())
        .setTopics(options.topic())
        .setGroupId(options.groupId())
        .setStartingOffsets(OffsetsInitializer.committedOffsets(reset))
        .setDeserializer(deserializer)
        .setProperties(clientProperties(options))
        .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .setProperty("partition.discovery.interval.ms", "60000");
  }

  /** Window stats to {@code --stats-topic}, keyed by service. */
  public static KafkaSink<WindowStats> statsSink(JobOptions options) {
    String topic = options.statsTopic();
    return sink(
        options,
        "stats",
        (KafkaRecordSerializationSchema<WindowStats>)
            (stats, context, timestamp) ->
                new ProducerRecord<>(
                    topic,
                    null,
                    stats.getWindowEnd().toEpochMilli(),
                    stats.getService().getBytes(StandardCharsets.UTF_8),
                    Codecs.windowStats().encode(stats)));
  }

  /**
   * Anomalies to {@code --anomalies-topic}, keyed by anomaly id, so the records of one incident
   * stay in order on one partition.
   */
  public static KafkaSink<Anomaly> anomaliesSink(JobOptions options) {
    String topic = options.anomaliesTopic();
    return sink(
        options,
        "anomalies",
        (KafkaRecordSerializationSchema<Anomaly>)
            (anomaly, context, timestamp) ->
                new ProducerRecord<>(
                    topic,
                    null,
                    anomaly.getDetectedAt().toEpochMilli(),
                    anomaly.getId().getBytes(StandardCharsets.UTF_8),
                    Codecs.anomalies().encode(anomaly)));
  }

  /** Rejects to {@code --rejects-topic}, keyed by their id. */
  public static KafkaSink<Reject> rejectsSink(JobOptions options) {
    String topic = options.rejectsTopic();
    return sink(
        options,
        "rejects",
        (KafkaRecordSerializationSchema<Reject>)
            (reject, context, timestamp) ->
                new ProducerRecord<>(
                    topic,
                    null,
                    timestamp,
                    reject.getId().getBytes(StandardCharsets.UTF_8),
                    Codecs.rejects().encode(reject)));
  }

  private static <T> KafkaSink<T> sink(
      JobOptions options, String name, KafkaRecordSerializationSchema<T> serializer) {
    boolean exactlyOnce = options.kafkaDelivery() == JobOptions.KafkaDelivery.EXACTLY_ONCE;
    Properties properties = clientProperties(options);
    properties.putIfAbsent(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(TRANSACTION_TIMEOUT.toMillis()));
    return KafkaSink.<T>builder()
        .setBootstrapServers(options.bootstrapServers())
        .setKafkaProducerConfig(properties)
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(
            exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
        .setTransactionalIdPrefix(options.transactionalIdPrefix() + "-" + name)
        .build();
  }

  private static Properties clientProperties(JobOptions options) {
    Properties properties = new Properties();
    properties.putAll(options.kafkaProperties());
    return properties;
  }
}
