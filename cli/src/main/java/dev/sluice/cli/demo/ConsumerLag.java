package dev.sluice.cli.demo;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka consumer lag of a consumer group on one topic, as {@code kafka-consumer-groups
 * --describe} computes it: end offsets minus the group's committed offsets. The Flink job commits
 * its offsets when a checkpoint completes, so this lag moves in checkpoint steps.
 *
 * <p>Guarantees: {@link #lag()} never throws; it is -1 when the broker does not answer in time.
 */
public final class ConsumerLag implements AutoCloseable {
  private final Admin admin;
  private final String group;
  private final String topic;

  public ConsumerLag(String bootstrapServers, String group, String topic) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    this.admin = Admin.create(p);
    this.group = group;
    this.topic = topic;
  }

  /** Records in the topic that the group has not committed yet; -1 when unknown. */
  public long lag() {
    try {
      List<TopicPartition> partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(3, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, OffsetSpec> latest =
          partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(3, TimeUnit.SECONDS);
      long lag = 0;
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata c = committed.get(tp);
        lag += ends.get(tp).offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(5));
  }
}
