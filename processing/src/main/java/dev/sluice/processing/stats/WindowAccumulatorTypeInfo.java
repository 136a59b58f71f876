package dev.sluice.processing.stats;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink type information that makes {@link WindowAccumulator} use its own serializer, not Kryo. */
public final class WindowAccumulatorTypeInfo extends TypeInformation<WindowAccumulator> {
  private static final long serialVersionUID = 1L;

  /** The one instance. */
  public static final WindowAccumulatorTypeInfo INSTANCE = new WindowAccumulatorTypeInfo();

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
  public Class<WindowAccumulator> getTypeClass() {
    return WindowAccumulator.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<WindowAccumulator> createSerializer(SerializerConfig config) {
    return WindowAccumulatorSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "WindowAccumulator";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof WindowAccumulatorTypeInfo;
  }

  @Override
  public int hashCode() {
    return WindowAccumulatorTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof WindowAccumulatorTypeInfo;
  }
}
