package dev.sluice.processing.source;

import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.codec.AvroCodecException;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.Codecs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes each Kafka record of the {@code logs} topic, inside the Kafka source, into a {@link
 * LogEvent} (left) or, when it does not decode, a {@link Reject} (right). Decoding in the source is
 * what lets the source assign event time and generate watermarks per Kafka partition (see {@link
 * EventTimeWatermarks}).
 *
 * <p>Guarantees: never throws on input, so bad input never fails the source. A record that does not
 * decode (unknown schema, corrupt bytes, an empty or null value, an event without a service)
 * becomes a {@code Reject} with stage {@code decode}, the codec's message as reason, the raw bytes,
 * its topic/partition/offset (the id is {@code topic-partition-offset}) and the Kafka record's
 * timestamp as received time.
 */
public final class LogEventDeserializer
    implements KafkaRecordDeserializationSchema<Either<LogEvent, Reject>> {
  private static final long serialVersionUID = 1L;

  private transient AvroWireCodec<LogEvent> codec;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    codec = Codecs.logEvents();
  }

  @Override
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Either<LogEvent, Reject>> out) {
    if (codec == null) {
      codec = Codecs.logEvents();
    }
    out.collect(
        decode(
            codec,
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            record.value()));
  }

  /** One record's value as an event, or as the reject that says why it is not one. */
  static Either<LogEvent, Reject> decode(
      AvroWireCodec<LogEvent> codec,
      String topic,
      int partition,
      long offset,
      long timestamp,
      byte[] value) {
    String reason;
    if (value == null || value.length == 0) {
      reason = "empty record value (a tombstone or an empty message), not a LogEvent";
    } else {
      try {
        LogEvent event = read(codec, value);
        if (event.getService() == null || event.getService().length() == 0) {
          reason = "LogEvent " + event.getId() + " has an empty service name";
        } else if (event.getEventTime() == null) {
          reason = "LogEvent " + event.getId() + " has no event time";
        } else {
          return Either.Left(event);
        }
      } catch (AvroCodecException e) {
        reason = e.getMessage();
      } catch (RuntimeException e) {
        reason = "cannot decode a LogEvent: " + e;
      }
    }
    return Either.Right(
        Reject.newBuilder()
            .setId(topic + "-" + partition + "-" + offset)
            .setReceivedTime(
                Instant.ofEpochMilli(timestamp >= 0 ? timestamp : System.currentTimeMillis()))
            .setStage("decode")
            .setReason(reason == null ? "cannot decode a LogEvent" : reason)
            .setRaw(ByteBuffer.wrap(value == null ? new byte[0] : value))
            .setSource("kafka://" + topic)
            .setTopic(topic)
            .setPartition(partition)
            .setOffset(offset)
            .build());
  }

  /**
   * One message as an event. A message of the schema this job was built with is read field by field
   * by {@link LogEventSerializer}, whose layout is exactly that record's binary encoding (its test
   * reads the model codec's bytes back into equal events), at a fraction of Avro's generic reader's
   * cost; a message of an earlier schema version, or one that reader refuses (corrupt, truncated,
   * trailing bytes), goes through the model codec, which resolves old versions and whose error says
   * what is wrong — except a record of this schema with a string running past the message's end,
   * which is refused here: Avro's reader would first allocate the corrupt length (up to 2 GiB).
   *
   * @throws AvroCodecException as the codec does
   */
  static LogEvent read(AvroWireCodec<LogEvent> codec, byte[] value) {
    if (AvroWireCodec.isMessageOf(value, LogEventSerializer.SCHEMA_FINGERPRINT)) {
      DataInputDeserializer in =
          new DataInputDeserializer(
              value, AvroWireCodec.HEADER_LENGTH, value.length - AvroWireCodec.HEADER_LENGTH);
      try {
        LogEvent event = LogEventSerializer.INSTANCE.deserialize(in);
        if (in.available() == 0) {
          return event;
        }
      } catch (StringReader.LengthPastEndException e) {
        throw new AvroCodecException("cannot decode LogEvent: " + e.getMessage(), e);
      } catch (IOException | RuntimeException e) {
        // not a whole record: the codec reads it again and says why
      }
    }
    return codec.decode(value);
  }

  @Override
  public TypeInformation<Either<LogEvent, Reject>> getProducedType() {
    return type();
  }

  /** The type the source produces. */
  public static TypeInformation<Either<LogEvent, Reject>> type() {
    return new EitherTypeInfo<>(LogEventTypeInfo.create(), new AvroTypeInfo<>(Reject.class));
  }
}
