package dev.sluice.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.WindowStats;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaHistoryTest {

  static List<Schema> currentSchemas() {
    return List.of(
        LogEvent.getClassSchema(),
        WindowStats.getClassSchema(),
        Anomaly.getClassSchema(),
        Reject.getClassSchema());
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void newestRecordedVersionIsTheCurrentSchema(Schema current) {
    List<Schema> history = SchemaHistory.versionsOf(current.getName());
    Schema newest = history.get(history.size() - 1);
    assertThat(AvroWireCodec.fingerprintOf(newest))
        .as(
            "the schema of %s changed: record it as dev/sluice/model/history/%s/v%d.avsc"
                + " (Schema#toString(true) of the generated class)",
            current.getName(), current.getName(), history.size() + 1)
        .isEqualTo(AvroWireCodec.fingerprintOf(current));
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void everyRecordedVersionIsReadableByTheCurrentOneAndBack(Schema current) {
    for (Schema old : SchemaHistory.versionsOf(current.getName())) {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType())
          .as("current %s reads version written with %s", current.getName(), old)
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType())
          .as("old readers of %s read the current version", current.getName())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }
}
