package dev.sluice.processing.it;

import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.processing.source.LogEventDeserializer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job's deserializer, except that it throws once, the first time it meets a chosen partition
 * and offset: a task failure in the middle of the stream. The flag is static because the
 * MiniCluster runs in the test's JVM and the function is copied into the tasks.
 */
final class FailOnceDeserializer
    implements KafkaRecordDeserializationSchema<Either<LogEvent, Reject>> {
  private static final long serialVersionUID = 1L;
  static final AtomicBoolean FAILED = new AtomicBoolean();

  private final LogEventDeserializer delegate = new LogEventDeserializer();
  private final int partition;
  private final long offset;

  FailOnceDeserializer(int partition, long offset) {
    this.partition = partition;
    this.offset = offset;
  }

  @Override
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Either<LogEvent, Reject>> out) {
    if (record.partition() == partition
        && record.offset() == offset
        && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException("injected failure at " + partition + "/" + offset);
    }
    delegate.deserialize(record, out);
  }

  @Override
  public TypeInformation<Either<LogEvent, Reject>> getProducedType() {
    return delegate.getProducedType();
  }
}
