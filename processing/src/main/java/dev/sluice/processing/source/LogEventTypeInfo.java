package dev.sluice.processing.source;

import dev.sluice.model.LogEvent;
import dev.sluice.processing.state.OwnSerializerTypeInfo;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of the job's {@link LogEvent} streams: serialized by {@link LogEventSerializer} instead
 * of Flink's {@code AvroSerializer}. Creating it checks that the model's schema is the one the
 * serializer encodes, so a job built against a changed schema fails at start, saying what to
 * update.
 */
public final class LogEventTypeInfo extends OwnSerializerTypeInfo<LogEvent> {
  private static final long serialVersionUID = 1L;

  /** A type information for {@code LogEvent}, after checking the schema. */
  public static LogEventTypeInfo create() {
    LogEventSerializer.checkSchema();
    return new LogEventTypeInfo();
  }

  private LogEventTypeInfo() {
    super(LogEvent.class);
  }

  @Override
  public TypeSerializer<LogEvent> createSerializer(SerializerConfig config) {
    return LogEventSerializer.INSTANCE;
  }
}
