package dev.sluice.processing.source;

import dev.sluice.model.LogEvent;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of the job's {@link LogEvent} streams: serialized by {@link LogEventSerializer} instead
 * of Flink's {@code AvroSerializer}. Creating it checks that the model's schema is the one the
 * serializer encodes, so a job built against a changed schema fails at start, saying what to
 * update.
 */
public final class LogEventTypeInfo extends TypeInformation<LogEvent> {
  private static final long serialVersionUID = 1L;

  /** A type information for {@code LogEvent}, after checking the schema. */
  public static LogEventTypeInfo create() {
    LogEventSerializer.checkSchema();
    return new LogEventTypeInfo();
  }

  private LogEventTypeInfo() {}

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<LogEvent> getTypeClass() {
    return LogEvent.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<LogEvent> createSerializer(SerializerConfig config) {
    return LogEventSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "LogEvent";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof LogEventTypeInfo;
  }

  @Override
  public int hashCode() {
    return LogEventTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof LogEventTypeInfo;
  }
}
