package dev.sluice.processing.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import dev.sluice.model.WindowStats;
import dev.sluice.processing.TestEvents;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;

class WindowAccumulatorSerializerTest {
  private static final WindowAccumulatorSerializer SERIALIZER =
      WindowAccumulatorSerializer.INSTANCE;

  private static WindowAccumulator filled() {
    WindowAccumulator acc = new WindowAccumulator();
    for (int i = 0; i < 200; i++) {
      acc.add(
          StatsSample.of(
              TestEvents.request(
                  "r" + i, i, "s", "h", i % 7 == 0 ? 500 : 200, i, "c" + i % 20, "/p" + i % 4),
              null));
    }
    acc.add(StatsSample.of(TestEvents.event("w", 1, "s", "h", Level.WARN), null));
    return acc;
  }

  private static WindowAccumulator roundTrip(WindowAccumulator acc) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(256);
    SERIALIZER.serialize(acc, out);
    return SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  private static WindowStats stats(WindowAccumulator acc) {
    return EmitWindowStats.toStats(new StatsKey("s", null), new TimeWindow(0, 60_000), acc, 10);
  }

  @Test
  void roundTripsEveryFigure() throws Exception {
    WindowAccumulator acc = filled();
    assertThat(stats(roundTrip(acc))).isEqualTo(stats(acc));
    assertThat(stats(roundTrip(new WindowAccumulator()))).isEqualTo(stats(new WindowAccumulator()));
  }

  @Test
  void copiesAreIndependent() {
    WindowAccumulator acc = filled();
    WindowAccumulator copy = SERIALIZER.copy(acc);
    copy.add(StatsSample.of(TestEvents.event("x", 1, "s", "h", Level.INFO), null));
    assertThat(copy.count()).isEqualTo(acc.count() + 1);
    assertThat(stats(SERIALIZER.copy(acc))).isEqualTo(stats(acc));
  }

  @Test
  void mergingTwoHalvesEqualsTheWhole() {
    WindowAccumulator a = new WindowAccumulator();
    WindowAccumulator b = new WindowAccumulator();
    WindowAccumulator whole = new WindowAccumulator();
    for (int i = 0; i < 100; i++) {
      StatsSample s =
          StatsSample.of(TestEvents.request("r" + i, i, "s", "h", 200, i, "c" + i, "/p"), null);
      (i % 2 == 0 ? a : b).add(s);
      whole.add(s);
    }
    WindowStats merged = stats(a.merge(b));
    WindowStats expected = stats(whole);
    assertThat(merged.getCount()).isEqualTo(expected.getCount());
    assertThat(merged.getLatencyP95Ms()).isEqualTo(expected.getLatencyP95Ms());
    assertThat(merged.getDistinctClients()).isEqualTo(expected.getDistinctClients());
    assertThat(merged.getTopPaths()).isEqualTo(expected.getTopPaths());
  }

  @Test
  void snapshotRestoresACompatibleSerializer() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, SERIALIZER.snapshotConfiguration());
    TypeSerializerSnapshot<WindowAccumulator> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    TypeSerializerSchemaCompatibility<WindowAccumulator> compatibility =
        SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(restored);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
    assertThat(restored.restoreSerializer()).isSameAs(SERIALIZER);
  }
}
