package dev.sluice.processing.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.model.Level;
import dev.sluice.processing.TestEvents;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Samples cross the network field by field: every field survives, nulls and NaN included. */
class StatsSampleSerializerTest {
  private static StatsSample roundTrip(StatsSample s) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    StatsSampleSerializer.INSTANCE.serialize(s, out);
    return StatsSampleSerializer.INSTANCE.deserialize(
        new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  @Test
  void aRequestSampleKeepsEveryField() throws Exception {
    StatsSample s =
        StatsSample.of(TestEvents.request("r1", 42, "svc", "h1", 503, 17, "10.0.0.1", "/a"), "h1");
    StatsSample back = roundTrip(s);
    assertThat(back).usingRecursiveComparison().isEqualTo(s);
    assertThat(back.status).isEqualTo(503);
    assertThat(back.path).isEqualTo("/a");
  }

  @Test
  void aPlainEventSampleKeepsItsNullsAndNaN() throws Exception {
    StatsSample s = StatsSample.of(TestEvents.event("e1", 7, "svc", null, Level.WARN), null);
    StatsSample back = roundTrip(s);
    assertThat(back).usingRecursiveComparison().ignoringFields("latencyMs").isEqualTo(s);
    assertThat(back.host).isNull();
    assertThat(back.client).isNull();
    assertThat(back.latencyMs).isNaN();
  }

  @Test
  void emptyAndNonAsciiStringsComeBackAsTheyWere() throws Exception {
    StatsSample s =
        StatsSample.of(
            TestEvents.request(
                "r2", 9, "svc-ü", "", 200, 3, "::1", "/caf\u00e9/\u65e5\u672c/\ud83d\ude00"),
            "");
    StatsSample back = roundTrip(s);
    assertThat(back).usingRecursiveComparison().isEqualTo(s);
    assertThat(back.host).isEmpty();
    assertThat(back.path).isEqualTo("/caf\u00e9/\u65e5\u672c/\ud83d\ude00");
  }

  @Test
  void aPreAggregatedSampleKeepsItsFigures() throws Exception {
    WindowAccumulator acc = new WindowAccumulator();
    for (int i = 0; i < 40; i++) {
      acc.add(
          StatsSample.of(
              TestEvents.request("r" + i, i, "svc", "h1", 200 + i % 2 * 300, i, "c" + i, "/p"),
              "h1"));
    }
    StatsSample back = roundTrip(StatsSample.partial("svc", "h1", 60_000, acc));
    assertThat(back.service).isEqualTo("svc");
    assertThat(back.host).isEqualTo("h1");
    assertThat(back.eventTime).isEqualTo(60_000);
    assertThat(back.events()).isEqualTo(40);
    assertThat(back.partial.errorCount).isEqualTo(20);
    assertThat(back.partial.clients.getEstimate()).isCloseTo(40, within(1.0));
    assertThat(StatsSample.of(TestEvents.event("e", 1, "svc", null, Level.INFO), null).events())
        .isEqualTo(1);
  }

  @Test
  void flinkPicksTheSerializerWithGenericTypesDisabled() {
    SerializerConfigImpl strict = new SerializerConfigImpl();
    strict.setGenericTypes(false);
    assertThat(TypeInformation.of(StatsSample.class).createSerializer(strict))
        .isSameAs(StatsSampleSerializer.INSTANCE);
  }
}
