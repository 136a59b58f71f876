package dev.sluice.processing.stats;

import dev.sluice.processing.state.OwnSerializerTypeInfo;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information that makes {@link WindowAccumulator} use its own serializer, not Kryo. */
public final class WindowAccumulatorTypeInfo extends OwnSerializerTypeInfo<WindowAccumulator> {
  private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final WindowAccumulatorTypeInfo INSTANCE = new WindowAccumulatorTypeInfo();

  private WindowAccumulatorTypeInfo() {
    super(WindowAccumulator.class);
  }

  @Override
  public TypeSerializer<WindowAccumulator> createSerializer(SerializerConfig config) {
    return WindowAccumulatorSerializer.INSTANCE;
  }
}
