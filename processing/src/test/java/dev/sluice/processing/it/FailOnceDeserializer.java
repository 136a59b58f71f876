package dev.sluice.processing.it;

import dev.sluice.processing.source.RawRecord;
import dev.sluice.processing.source.RawRecordDeserializer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job's deserializer, except that it throws once, the first time it meets a chosen partition
 * and offset: a task failure in the middle of the stream. The flag is static because the
 * MiniCluster runs in the test's JVM and the function is copied into the tasks.
 */
final class FailOnceDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
  private static final long serialVersionUID = 1L;
  static final AtomicBoolean FAILED = new AtomicBoolean();

  private final RawRecordDeserializer delegate = new RawRecordDeserializer();
  private final int partition;
  private final long offset;

  FailOnceDeserializer(int partition, long offset) {
    this.partition = partition;
    this.offset = offset;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
    if (record.partition() == partition
        && record.offset() == offset
        && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException("injected failure at " + partition + "/" + offset);
    }
    delegate.deserialize(record, out);
  }

  @Override
  public TypeInformation<RawRecord> getProducedType() {
    return delegate.getProducedType();
  }
}
