package dev.sluice.processing.stats;

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
  public static final class Info extends TypeInformation<StatsSample> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final Info INSTANCE = new Info();

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
    public Class<StatsSample> getTypeClass() {
      return StatsSample.class;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public TypeSerializer<StatsSample> createSerializer(SerializerConfig config) {
      return StatsSampleSerializer.INSTANCE;
    }

    @Override
    public String toString() {
      return "StatsSample";
    }

    @Override
    public boolean equals(Object obj) {
      return obj instanceof Info;
    }

    @Override
    public int hashCode() {
      return Info.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
      return obj instanceof Info;
    }
  }
}
