package dev.sluice.ingest.syslog;

/**
 * An encoded record waiting to be handed to Kafka.
 *
 * @param reject whether it goes to the rejects topic (counted as a reject when acknowledged)
 */
record OutgoingRecord(String topic, byte[] key, byte[] value, boolean reject) {
  /** The bytes it holds in memory, roughly, for the queue's bound. */
  int size() {
    return value.length + key.length + 64;
  }
}
