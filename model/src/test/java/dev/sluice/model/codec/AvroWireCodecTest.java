package dev.sluice.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class AvroWireCodecTest {

  private final AvroWireCodec<LogEvent> codec = Codecs.logEvents();

  static LogEvent sampleEvent() {
    return LogEvent.newBuilder()
        .setId("file:/var/log/app.log@1234")
        .setEventTime(Instant.parse("2026-11-26T08:00:00.123Z"))
        .setIngestTime(Instant.parse("2026-11-26T08:00:01Z"))
        .setService("checkout")
        .setHost("web-1")
        .setSource("/var/log/app.log")
        .setLevel(Level.ERROR)
        .setMessage("payment failed: timeout after 3000 ms")
        .setLogger("com.shop.Payments")
        .setThread("http-nio-8080-exec-3")
        .setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
        .setHttp(
            HttpRequest.newBuilder()
                .setMethod("POST")
                .setPath("/api/pay")
                .setStatus(504)
                .setBytes(312L)
                .setDurationMs(3001.5)
                .setClientAddress("10.1.2.3")
                .build())
        .setAttributes(Map.of("env", "prod", "region", "eu-west-1"))
        .build();
  }

  @Test
  void roundTripsEveryField() {
    LogEvent event = sampleEvent();
    assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
  }

  @Test
  void recognisesAMessageOfItsOwnSchemaByTheHeader() {
    LogEvent event = sampleEvent();
    byte[] bytes = codec.encode(event);
    long fingerprint = codec.writerFingerprint();
    assertThat(AvroWireCodec.isMessageOf(bytes, fingerprint)).isTrue();
    assertThat(AvroWireCodec.isMessageOf(bytes, fingerprint + 1)).as("another schema").isFalse();
    byte[] badMarker = bytes.clone();
    badMarker[1] = 0x02;
    assertThat(AvroWireCodec.isMessageOf(badMarker, fingerprint)).isFalse();
    assertThat(AvroWireCodec.isMessageOf(Arrays.copyOf(bytes, 10), fingerprint))
        .as("a header with no record after it")
        .isFalse();
  }

  @Test
  void headerCarriesTheWriterSchemaFingerprint() {
    byte[] bytes = codec.encode(sampleEvent());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint =
        java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(AvroWireCodec.fingerprintOf(LogEvent.getClassSchema()));
    assertThat(codec.header()).isEqualTo(Arrays.copyOf(bytes, AvroWireCodec.HEADER_LENGTH));
  }

  @Test
  void newReaderDecodesWhatAnOldWriterSent() throws IOException {
    Schema v0 = schemaV0();
    GenericRecord old =
        new GenericRecordBuilder(v0)
            .set("id", "old-1")
            .set("eventTime", 1_700_000_000_000L)
            .set("ingestTime", 1_700_000_000_500L)
            .set("service", "billing")
            .set("level", new GenericData.EnumSymbol(v0.getField("level").schema(), "WARN"))
            .set("message", "disk almost full")
            .set("legacyTag", "x")
            .build();
    byte[] oldBytes =
        new AvroWireCodec<GenericRecord>(GenericData.get(), v0, List.of()).encode(old);

    AvroWireCodec<LogEvent> newReader =
        new AvroWireCodec<>(
            SpecificData.getForSchema(LogEvent.getClassSchema()),
            LogEvent.getClassSchema(),
            List.of(v0));
    LogEvent decoded = newReader.decode(oldBytes);

    assertThat(decoded.getId()).isEqualTo("old-1");
    assertThat(decoded.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(decoded.getLevel()).isEqualTo(Level.WARN);
    assertThat(decoded.getMessage()).isEqualTo("disk almost full");
    assertThat(decoded.getHost()).as("field added later takes its default").isNull();
    assertThat(decoded.getAttributes()).isEmpty();
    assertThat(decoded.getTruncated()).isFalse();
  }

  @Test
  void oldReaderDecodesWhatANewWriterSent() throws IOException {
    Schema v0 = schemaV0();
    AvroWireCodec<GenericRecord> oldReader =
        new AvroWireCodec<>(GenericData.get(), v0, List.of(LogEvent.getClassSchema()));
    LogEvent event = sampleEvent();
    event.setLevel(Level.FATAL); // a symbol the old reader does not have

    GenericRecord decoded = oldReader.decode(codec.encode(event));

    assertThat(decoded.get("id").toString()).isEqualTo(event.getId());
    assertThat(decoded.get("message").toString()).isEqualTo(event.getMessage());
    assertThat(decoded.get("level").toString())
        .as("unknown enum symbol falls back to the enum default")
        .isEqualTo("UNKNOWN");
    assertThat(decoded.get("legacyTag")).isNull();
  }

  @Test
  void unknownFingerprintIsAClearError() throws IOException {
    Schema v0 = schemaV0();
    GenericRecord old =
        new GenericRecordBuilder(v0)
            .set("id", "old-1")
            .set("eventTime", 1L)
            .set("ingestTime", 1L)
            .set("service", "s")
            .set("message", "m")
            .build();
    byte[] oldBytes =
        new AvroWireCodec<GenericRecord>(GenericData.get(), v0, List.of()).encode(old);

    assertThatThrownBy(() -> codec.decode(oldBytes))
        .isInstanceOf(AvroCodecException.class)
        .hasMessageContaining("unknown writer schema fingerprint")
        .hasMessageContaining(
            String.format("%016x", AvroWireCodec.fingerprintOf(LogEvent.getClassSchema())));
  }

  @Test
  void truncatedInputIsRejectedAtEveryLength() {
    byte[] bytes = codec.encode(sampleEvent());
    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> codec.decode(cut))
          .as("truncated to %d of %d bytes", length, bytes.length)
          .isInstanceOf(AvroCodecException.class);
    }
  }

  @Test
  void badMarkerIsRejected() {
    byte[] bytes = codec.encode(sampleEvent());
    bytes[0] = 'x';
    assertThatThrownBy(() -> codec.decode(bytes))
        .isInstanceOf(AvroCodecException.class)
        .hasMessageContaining("not Avro single-object encoding");
  }

  @Test
  void trailingGarbageIsRejected() {
    byte[] bytes = codec.encode(sampleEvent());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> codec.decode(longer))
        .isInstanceOf(AvroCodecException.class)
        .hasMessageContaining("3 unexpected bytes");
  }

  @Test
  void corruptBodyNeverYieldsAPartialRecord() {
    byte[] good = codec.encode(sampleEvent());
    java.util.Random random = new java.util.Random(42);
    int decodedDifferently = 0;
    for (int trial = 0; trial < 2_000; trial++) {
      byte[] bytes = good.clone();
      int at = 10 + random.nextInt(bytes.length - 10);
      bytes[at] = (byte) random.nextInt(256);
      try {
        LogEvent decoded = codec.decode(bytes);
        // A flipped byte inside a string can still be a valid record; it must then be whole.
        assertThat(decoded.getId()).isNotNull();
        assertThat(decoded.getMessage()).isNotNull();
        assertThat(decoded.getService()).isNotNull();
        decodedDifferently++;
      } catch (AvroCodecException expected) {
        assertThat(expected.getMessage()).startsWith("cannot decode dev.sluice.model.LogEvent");
      }
    }
    assertThat(decodedDifferently).isLessThan(2_000);
  }

  @Test
  void nullAndEmptyInputAreRejected() {
    assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(AvroCodecException.class);
    assertThatThrownBy(() -> codec.decode(new byte[0]))
        .isInstanceOf(AvroCodecException.class)
        .hasMessageContaining("shorter than the 10-byte");
  }

  @Test
  void encodingAnIncompleteRecordSaysSo() {
    LogEvent missingMessage = sampleEvent();
    missingMessage.setMessage(null);
    assertThatThrownBy(() -> codec.encode(missingMessage))
        .isInstanceOf(AvroCodecException.class)
        .hasMessageContaining("cannot encode dev.sluice.model.LogEvent");
  }

  private static Schema schemaV0() throws IOException {
    try (InputStream in =
        AvroWireCodecTest.class.getResourceAsStream("/schemas/LogEvent-v0.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  @Test
  void v0FixtureReallyIsCompatibleBothWays() throws IOException {
    Schema v0 = schemaV0();
    assertThat(
            SchemaCompatibility.checkReaderWriterCompatibility(LogEvent.getClassSchema(), v0)
                .getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    assertThat(
            SchemaCompatibility.checkReaderWriterCompatibility(v0, LogEvent.getClassSchema())
                .getType())
        .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
  }
}
