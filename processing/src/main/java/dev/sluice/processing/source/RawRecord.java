package dev.sluice.processing.source;

import java.util.Objects;

/**
 * One Kafka record exactly as read: where it came from and its value bytes, not yet decoded. A
 * Flink POJO, so it travels without Kryo.
 */
public final class RawRecord {
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(String topic, int partition, long offset, long timestamp, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.value = value;
  }

  /** {@code topic-partition-offset}, unique per Kafka record. */
  public String position() {
    return topic + "-" + partition + "-" + offset;
  }

  @Override
  public String toString() {
    return "RawRecord{"
        + position()
        + ", "
        + (value == null ? "null" : value.length + " bytes")
        + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawRecord r
        && partition == r.partition
        && offset == r.offset
        && Objects.equals(topic, r.topic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset);
  }
}
