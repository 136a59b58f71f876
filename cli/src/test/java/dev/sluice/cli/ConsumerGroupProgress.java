package dev.sluice.cli;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a consumer group has committed offsets up to the end of a topic. The Sluice job commits
 * its offsets to its group when a checkpoint completes, that is when the S3 tables commit: a group
 * at the end means the tables hold (or are just committing) everything produced so far.
 */
final class ConsumerGroupProgress implements AutoCloseable {
  private final Admin admin;
  private final String group;
  private final String topic;
  private final int partitions;

  ConsumerGroupProgress(String bootstrapServers, String group, String topic, int partitions) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.group = group;
    this.topic = topic;
    this.partitions = partitions;
  }

  /** Records between the group's committed offsets and the end of the topic. */
  long lag() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    var ends = admin.listOffsets(latest).all().get();
    long lag = 0;
    for (TopicPartition partition : latest.keySet()) {
      OffsetAndMetadata at = committed.get(partition);
      lag += ends.get(partition).offset() - (at == null ? 0 : at.offset());
    }
    return lag;
  }

  @Override
  public void close() {
    admin.close();
  }
}
