package dev.sluice.processing.source;

import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.codec.AvroCodecException;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.Codecs;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes Kafka records into {@link LogEvent}s with the model's wire codec.
 *
 * <p>Guarantees: never fails on input. A record that does not decode (unknown schema, corrupt
 * bytes, an empty or null value, an event without a service) is emitted to {@link #REJECTS} as a
 * {@link Reject} with stage {@code decode}, the codec's message as reason, the raw bytes and the
 * topic/partition/offset. Counts {@code eventsIn} and {@code rejects} in Flink's metric system.
 */
public final class DecodeLogEvents extends ProcessFunction<RawRecord, LogEvent> {
  private static final long serialVersionUID = 1L;

  /** Where undecodable records go. */
  public static final OutputTag<Reject> REJECTS =
      new OutputTag<>("rejects", new AvroTypeInfo<>(Reject.class));

  private transient AvroWireCodec<LogEvent> codec;
  private transient Counter eventsIn;
  private transient Counter rejects;

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    codec = Codecs.logEvents();
    eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
    rejects = getRuntimeContext().getMetricGroup().counter("rejects");
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<LogEvent> out) {
    String reason;
    if (raw.value == null || raw.value.length == 0) {
      reason = "empty record value (a tombstone or an empty message), not a LogEvent";
    } else {
      try {
        LogEvent event = codec.decode(raw.value);
        if (event.getService() == null || event.getService().length() == 0) {
          reason = "LogEvent " + event.getId() + " has an empty service name";
        } else {
          eventsIn.inc();
          out.collect(event);
          return;
        }
      } catch (AvroCodecException e) {
        reason = e.getMessage();
      } catch (RuntimeException e) {
        reason = "cannot decode a LogEvent: " + e;
      }
    }
    rejects.inc();
    ctx.output(REJECTS, reject(raw, reason, ctx.timerService().currentProcessingTime()));
  }

  static Reject reject(RawRecord raw, String reason, long now) {
    return Reject.newBuilder()
        .setId(raw.position())
        .setReceivedTime(java.time.Instant.ofEpochMilli(raw.timestamp >= 0 ? raw.timestamp : now))
        .setStage("decode")
        .setReason(reason == null ? "cannot decode a LogEvent" : reason)
        .setRaw(ByteBuffer.wrap(raw.value == null ? new byte[0] : raw.value))
        .setSource("kafka://" + raw.topic)
        .setTopic(raw.topic)
        .setPartition(raw.partition)
        .setOffset(raw.offset)
        .build();
  }

  /** The type of the main output. */
  public static TypeInformation<LogEvent> eventType() {
    return new AvroTypeInfo<>(LogEvent.class);
  }
}
