package dev.sluice.processing.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * Every state and record type of the detectors is a Flink POJO whose serializer needs no Kryo: it
 * can be created with generic types disabled, as the job's ITs run.
 */
class StateTypesTest {
  /** A class with a {@code List} field, as {@code ExemplarBuffer} had: Kryo for that field. */
  public static final class WithList {
    public ArrayList<String> items = new ArrayList<>();

    public WithList() {}
  }

  @Test
  void detectorStateSerialisesWithoutKryo() {
    SerializerConfigImpl strict = new SerializerConfigImpl();
    strict.setGenericTypes(false);
    for (Class<?> c :
        List.of(
            SeriesState.class,
            MetricState.class,
            RobustBaseline.class,
            ShareBaseline.class,
            Evidence.class,
            LearningDelay.class,
            ExemplarBuffer.class,
            WindowObservation.class,
            SourceState.class)) {
      TypeInformation<?> t = TypeInformation.of(c);
      assertThat(t).as(c.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
      assertThat(t.createSerializer(strict)).as(c.getSimpleName()).isNotNull();
    }
  }

  @Test
  void aListFieldWouldFailWithGenericTypesDisabled() {
    SerializerConfigImpl strict = new SerializerConfigImpl();
    strict.setGenericTypes(false);
    assertThatThrownBy(() -> TypeInformation.of(WithList.class).createSerializer(strict))
        .hasMessageContaining("Generic types have been disabled");
  }
}
