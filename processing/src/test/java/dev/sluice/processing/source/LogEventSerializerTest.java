package dev.sluice.processing.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.Codecs;
import dev.sluice.model.codec.RandomLogEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.junit.jupiter.api.Test;

/**
 * Events cross the network in the model codec's binary encoding, written field by field: the same
 * bytes, read back into an equal event, for random events.
 */
class LogEventSerializerTest {
  private static final LogEventSerializer SERIALIZER = LogEventSerializer.INSTANCE;

  private static byte[] serialize(LogEvent event) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    SERIALIZER.serialize(event, out);
    return out.getCopyOfBuffer();
  }

  @Test
  void writesTheModelCodecsBytesAndReadsThemBackForRandomEvents() throws Exception {
    AvroWireCodec<LogEvent> codec = Codecs.logEvents();
    SplittableRandom random = new SplittableRandom(16);
    DataOutputSerializer stream = new DataOutputSerializer(64);
    LogEvent[] written = new LogEvent[500];
    for (int i = 0; i < written.length; i++) {
      LogEvent event = RandomLogEvents.next(random);
      byte[] model = codec.encode(event);
      byte[] ours = serialize(event);
      assertThat(ours)
          .as("event %d: %s", i, event)
          .isEqualTo(Arrays.copyOfRange(model, 10, model.length));
      // what the model codec reads back (lone surrogates become '?' in UTF-8 both ways)
      LogEvent expected = codec.decode(model);
      assertThat(SERIALIZER.deserialize(new DataInputDeserializer(ours)))
          .as("event %d", i)
          .isEqualTo(expected);
      written[i] = expected;
      SERIALIZER.serialize(event, stream);
    }
    // back to back in one stream, as in a network buffer: each read stops at its record's end
    DataInputDeserializer in = new DataInputDeserializer(stream.getCopyOfBuffer());
    for (LogEvent expected : written) {
      assertThat(SERIALIZER.deserialize(in)).isEqualTo(expected);
    }
    assertThat(in.available()).isZero();
  }

  @Test
  void fieldsThatRepeatOrChangeFromEventToEventComeBackRight() throws Exception {
    AvroWireCodec<LogEvent> codec = Codecs.logEvents();
    SplittableRandom random = new SplittableRandom(61);
    String[] services = {"checkout", "search", "caf\u00e9-\u65e5\u672c", ""};
    String[] hosts = {null, "web-1", "web-2", "h".repeat(100)};
    String[] methods = {"GET", "POST", null};
    DataOutputSerializer stream = new DataOutputSerializer(64);
    LogEvent[] written = new LogEvent[400];
    for (int i = 0; i < written.length; i++) {
      LogEvent event = RandomLogEvents.next(random);
      event.setService(services[random.nextInt(services.length)]);
      event.setHost(hosts[random.nextInt(hosts.length)]);
      if (event.getHttp() != null) {
        event.getHttp().setMethod(methods[random.nextInt(methods.length)]);
      }
      if (i % 100 == 7) {
        event.setMessage("m".repeat(70_000)); // past the kept scratch buffer
      }
      written[i] = codec.decode(codec.encode(event));
      SERIALIZER.serialize(event, stream);
    }
    DataInputDeserializer in = new DataInputDeserializer(stream.getCopyOfBuffer());
    LogEvent previous = null;
    for (int i = 0; i < written.length; i++) {
      LogEvent read = SERIALIZER.deserialize(in);
      assertThat(read).as("event %d", i).isEqualTo(written[i]);
      if (previous != null && read.getService().equals(previous.getService())) {
        assertThat(read.getService())
            .as("a repeated value is not read again")
            .isSameAs(previous.getService());
      }
      previous = read;
    }
    assertThat(in.available()).isZero();
  }

  @Test
  void theArchivesDatumWriterWritesAvrosBytes() throws Exception {
    SpecificDatumWriter<LogEvent> avro = new SpecificDatumWriter<>(LogEvent.getClassSchema());
    LogEventDatumWriter ours = new LogEventDatumWriter(LogEvent.getClassSchema());
    SplittableRandom random = new SplittableRandom(5);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    ByteArrayOutputStream actual = new ByteArrayOutputStream();
    BinaryEncoder expectedEncoder = EncoderFactory.get().binaryEncoder(expected, null);
    BinaryEncoder actualEncoder = EncoderFactory.get().binaryEncoder(actual, null);
    for (int i = 0; i < 100; i++) {
      LogEvent event = RandomLogEvents.next(random);
      avro.write(event, expectedEncoder);
      ours.write(event, actualEncoder);
    }
    expectedEncoder.flush();
    actualEncoder.flush();
    assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
    assertThatThrownBy(() -> new LogEventDatumWriter(Reject.getClassSchema()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Reject");
  }

  @Test
  void copiesAreEqualAndIndependent() throws Exception {
    LogEvent event = RandomLogEvents.next(new SplittableRandom(3));
    event.setHttp(HttpRequest.newBuilder().setStatus(200).build());
    LogEvent copy = SERIALIZER.copy(event);
    assertThat(copy).isEqualTo(event).isNotSameAs(event);
    copy.getHttp().setStatus(500);
    copy.getAttributes().put("new", "value");
    assertThat(event.getHttp().getStatus()).isEqualTo(200);
    assertThat(event.getAttributes()).doesNotContainKey("new");
  }

  @Test
  void refusesAnEventWithoutARequiredField() {
    LogEvent event = RandomLogEvents.next(new SplittableRandom(1));
    event.setMessage(null);
    assertThatThrownBy(() -> serialize(event))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("message");
  }

  @Test
  void failsOnCorruptBytesInsteadOfReadingGarbage() {
    byte[] corrupt = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    corrupt[4] = 6; // host: union branch 3
    assertThatThrownBy(() -> SERIALIZER.deserialize(new DataInputDeserializer(corrupt)))
        .hasMessageContaining("union branch 3");
  }

  @Test
  void encodesTheModelsSchemaAndTheJobUsesIt() {
    // fails when LogEvent gains a field: update LogEventSerializer and its SCHEMA_FINGERPRINT
    LogEventSerializer.checkSchema();
    assertThat(SplitRejects.eventType().createSerializer(new SerializerConfigImpl()))
        .isSameAs(SERIALIZER);
    assertThat(LogEventDeserializer.type().toString()).contains("LogEvent");
  }

  @Test
  void itsSnapshotRestoresItAndRefusesAnotherSchemaOrAvrosSerializer() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, SERIALIZER.snapshotConfiguration());
    TypeSerializerSnapshot<LogEvent> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(restored.restoreSerializer()).isSameAs(SERIALIZER);
    assertThat(
            SERIALIZER
                .snapshotConfiguration()
                .resolveSchemaCompatibility(restored)
                .isCompatibleAsIs())
        .isTrue();

    TypeSerializerSnapshot<LogEvent> other = new LogEventSerializer.Snapshot(42L);
    assertThat(
            SERIALIZER.snapshotConfiguration().resolveSchemaCompatibility(other).isIncompatible())
        .isTrue();
    assertThatThrownBy(other::restoreSerializer).hasMessageContaining("schema");
    assertThat(
            SERIALIZER
                .snapshotConfiguration()
                .resolveSchemaCompatibility(
                    new AvroSerializer<>(LogEvent.class).snapshotConfiguration())
                .isIncompatible())
        .isTrue();
  }

  @Test
  void readsIntsAsAvrosBinaryDecoderDoesAndRefusesWhatItRefuses() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[6];
      int length = 1 + random.nextInt(6); // up to six bytes, continuation bits as they fall
      for (int k = 0; k < length; k++) {
        bytes[k] = (byte) random.nextInt(256);
      }
      bytes[length - 1] &= 0x7F;
      BinaryDecoder avro = DecoderFactory.get().binaryDecoder(bytes, null);
      Integer expected;
      try {
        expected = avro.readInt();
      } catch (IOException e) {
        expected = null;
      }
      DataInputDeserializer in = new DataInputDeserializer(bytes);
      if (expected == null) {
        assertThatThrownBy(() -> LogEventSerializer.readInt(in))
            .as("%s", Arrays.toString(bytes))
            .isInstanceOf(IOException.class);
        refused++;
      } else {
        assertThat(LogEventSerializer.readInt(in))
            .as("%s", Arrays.toString(bytes))
            .isEqualTo(expected);
      }
    }
    assertThat(refused).as("six-byte ints Avro refuses").isGreaterThan(100);
  }
}
