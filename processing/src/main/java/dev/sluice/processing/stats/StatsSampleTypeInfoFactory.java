package dev.sluice.processing.stats;

import dev.sluice.processing.state.OwnSerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Makes {@code TypeInformation.of(StatsSample.class)} (and Flink's type extraction) use {@link
 * StatsSampleSerializer} instead of the reflective POJO serializer.
 */
public final class StatsSampleTypeInfoFactory extends TypeInfoFactory<StatsSample> {
  @Override
  public TypeInformation<StatsSample> createTypeInfo(
      Type t, Map<String, TypeInformation<?>> genericParameters) {
    return Info.INSTANCE;
  }

  /** The type information: one field-by-field serializer. */
  public static final class Info extends OwnSerializerTypeInfo<StatsSample> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final Info INSTANCE = new Info();

    private Info() {
      super(StatsSample.class);
    }

    @Override
    public TypeSerializer<StatsSample> createSerializer(SerializerConfig config) {
      return StatsSampleSerializer.INSTANCE;
    }
  }
}
