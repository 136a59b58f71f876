package dev.sluice.processing.source;

import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits what {@link LogEventDeserializer} decoded in the source: events to the main output (with
 * the event time and watermarks the source gave them), rejects to {@link #REJECTS}. Counts {@code
 * eventsIn} and {@code rejects} in Flink's metric system. Stateless; chained to the source.
 */
public final class SplitRejects extends ProcessFunction<Either<LogEvent, Reject>, LogEvent> {
  private static final long serialVersionUID = 1L;

  /** Where undecodable records go. */
  public static final OutputTag<Reject> REJECTS =
      new OutputTag<>("rejects", new AvroTypeInfo<>(Reject.class));

  private transient Counter eventsIn;
  private transient Counter rejects;

  @Override
  public void open(OpenContext context) {
    eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
    rejects = getRuntimeContext().getMetricGroup().counter("rejects");
  }

  @Override
  public void processElement(
      Either<LogEvent, Reject> record, Context ctx, Collector<LogEvent> out) {
    if (record.isLeft()) {
      eventsIn.inc();
      out.collect(record.left());
    } else {
      rejects.inc();
      ctx.output(REJECTS, record.right());
    }
  }

  /** The type of the main output: {@link LogEventTypeInfo}. */
  public static TypeInformation<LogEvent> eventType() {
    return LogEventTypeInfo.create();
  }
}
