package dev.sluice.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.LogEvent;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The one hand-written LogEvent encoder writes Avro's own bytes. */
class LogEventWriterTest {
  @Test
  void writesTheBytesOfAvrosSpecificDatumWriterForRandomEvents() throws Exception {
    SpecificDatumWriter<LogEvent> avro = new SpecificDatumWriter<>(LogEvent.getClassSchema());
    LogEventWriter ours = new LogEventWriter();
    SplittableRandom random = new SplittableRandom(16);
    for (int i = 0; i < 1000; i++) {
      LogEvent event = RandomLogEvents.next(random);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(expected, null);
      avro.write(event, encoder);
      encoder.flush();
      ours.clear(); // the reused buffer must not leak between records
      ours.write(event);
      assertThat(ours.toByteArray()).as("event %d: %s", i, event).isEqualTo(expected.toByteArray());
    }
  }

  @Test
  void writesAsciiAndNearlyAsciiStringsAsAvroDoes() throws Exception {
    SpecificDatumWriter<LogEvent> avro = new SpecificDatumWriter<>(LogEvent.getClassSchema());
    LogEventWriter ours = new LogEventWriter();
    SplittableRandom random = new SplittableRandom(3);
    // lengths across the one-byte varint limit (63/64) and past the initial 1 KiB buffer
    for (int length : new int[] {1, 63, 64, 127, 128, 1023, 1024, 5000, 70_000}) {
      for (String tail : new String[] {"", "é", "\uD83D\uDE00", "\uD800"}) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
          text.append((char) random.nextInt(0x20, 0x80));
        }
        LogEvent event = RandomLogEvents.next(random);
        event.setMessage(text + tail);
        event.setService(text.substring(0, Math.min(length, 40)));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(expected, null);
        avro.write(event, encoder);
        encoder.flush();
        ours.clear();
        ours.write(event);
        assertThat(ours.toByteArray())
            .as("length %d, tail %s", length, tail)
            .isEqualTo(expected.toByteArray());
      }
    }
  }

  @Test
  void appendsAfterWhatWasWrittenBefore() {
    LogEvent event = RandomLogEvents.next(new SplittableRandom(7));
    byte[] alone = Codecs.logEvents().encode(event);
    LogEventWriter ours = new LogEventWriter();
    ours.writeRaw(java.util.Arrays.copyOf(alone, 10)); // the single-object header
    ours.write(event);
    assertThat(ours.toByteArray()).isEqualTo(alone);
    assertThat(java.util.Arrays.copyOf(ours.buffer(), ours.size())).isEqualTo(alone);
  }

  @Test
  void refusesAnEventWithoutARequiredField() {
    LogEvent event = RandomLogEvents.next(new SplittableRandom(1));
    event.setMessage(null);
    assertThatThrownBy(() -> new LogEventWriter().write(event))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("LogEvent.message");
  }

  @Test
  void encodesTheModelsSchema() {
    // fails when LogEvent gains a field: update LogEventWriter and its SCHEMA_FINGERPRINT
    LogEventWriter.checkSchema();
    assertThat(AvroWireCodec.fingerprintOf(LogEvent.getClassSchema()))
        .isEqualTo(LogEventWriter.SCHEMA_FINGERPRINT);
  }

  @Test
  void writesTheSameBytesWithTheMessageTakenFromItsUtf8() {
    LogEventWriter ours = new LogEventWriter();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 500; i++) {
      LogEvent event = RandomLogEvents.next(random);
      ours.clear();
      ours.write(event);
      byte[] expected = ours.toByteArray();
      byte[] message = event.getMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] line = new byte[message.length + 7]; // the message inside a larger buffer
      System.arraycopy(message, 0, line, 3, message.length);
      ours.clear();
      ours.write(event, line, 3, message.length);
      assertThat(ours.toByteArray()).as("event %d", i).isEqualTo(expected);
    }
  }

  @Test
  void decodesBackOnlyWhatTheDecoderTookWithoutReplacement() {
    for (String text : new String[] {"GET / 200", "ünïcödé", "emoji \uD83D\uDE00", ""}) {
      byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      String decoded = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
      assertThat(LogEventWriter.decodesBack(decoded, utf8, 0, utf8.length)).as(text).isTrue();
    }
    byte[][] malformed = {
      {'a', (byte) 0xC3}, // cut sequence
      {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
      {(byte) 0xFF, 'b'},
      {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD} // a U+FFFD of the line's own: encoded again
    };
    for (byte[] bytes : malformed) {
      String decoded = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      assertThat(LogEventWriter.decodesBack(decoded, bytes, 0, bytes.length))
          .as(java.util.Arrays.toString(bytes))
          .isFalse();
    }
    assertThat(LogEventWriter.decodesBack("a", null, 0, 0)).isFalse();
  }
}
