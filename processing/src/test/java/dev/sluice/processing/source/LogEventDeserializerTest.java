package dev.sluice.processing.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.codec.AvroCodecException;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.Codecs;
import dev.sluice.model.codec.RandomLogEvents;
import dev.sluice.processing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LogEventDeserializerTest {
  private static final String PAST_THE_END = "corrupt or truncated LogEvent: a string of";

  @Test
  void decodesEventsAndRejectsWhatDoesNotDecodeWithTheReason() throws Exception {
    LogEvent good = TestEvents.event("e1", 1000, "checkout", "h1", Level.INFO);
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    LogEventDeserializer deserializer = new LogEventDeserializer();
    List<Either<LogEvent, Reject>> out = new ArrayList<>();
    Collector<Either<LogEvent, Reject>> collector =
        new Collector<>() {
          @Override
          public void collect(Either<LogEvent, Reject> record) {
            out.add(record);
          }

          @Override
          public void close() {}
        };
    deserializer.deserialize(
        new ConsumerRecord<>("logs", 0, 1, new byte[0], Codecs.logEvents().encode(good)),
        collector);
    deserializer.deserialize(new ConsumerRecord<>("logs", 0, 2, new byte[0], garbage), collector);
    deserializer.deserialize(
        new ConsumerRecord<byte[], byte[]>("logs", 1, 7, null, null), collector);

    assertThat(out).hasSize(3);
    assertThat(out.get(0).isLeft()).isTrue();
    assertThat(out.get(0).left()).isEqualTo(good);
    Reject first = out.get(1).right();
    assertThat(first.getId()).isEqualTo("logs-0-2");
    assertThat(first.getStage()).isEqualTo("decode");
    assertThat(first.getReason()).isNotBlank();
    assertThat(first.getTopic()).isEqualTo("logs");
    assertThat(first.getPartition()).isEqualTo(0);
    assertThat(first.getOffset()).isEqualTo(2L);
    assertThat(StandardCharsets.UTF_8.decode(first.getRaw()).toString())
        .isEqualTo("not avro at all");
    assertThat(out.get(2).right().getReason()).contains("empty");
  }

  @Test
  void readsTheCurrentSchemaFieldByFieldAsTheCodecWouldAndLeavesBadBytesToIt() {
    AvroWireCodec<LogEvent> codec = Codecs.logEvents();
    SplittableRandom random = new SplittableRandom(7);
    int refused = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] message = codec.encode(RandomLogEvents.next(random));
      if (i % 3 != 0) { // two in three corrupted: a byte changed, the end cut or one byte added
        message =
            switch (random.nextInt(3)) {
              case 0 -> {
                byte[] changed = message.clone();
                changed[random.nextInt(10, changed.length)] = (byte) random.nextInt(256);
                yield changed;
              }
              case 1 -> Arrays.copyOf(message, random.nextInt(11, message.length));
              default -> Arrays.copyOf(message, message.length + 1);
            };
      }
      LogEvent viaCodec;
      try {
        viaCodec = codec.decode(message);
      } catch (AvroCodecException e) {
        byte[] bad = message;
        assertThatThrownBy(() -> LogEventDeserializer.read(codec, bad))
            .as("message %d", i)
            .isInstanceOf(AvroCodecException.class)
            .satisfies(
                refusal ->
                    assertThat(refusal.getMessage())
                        .satisfiesAnyOf(
                            m -> assertThat(m).isEqualTo(e.getMessage()),
                            m -> assertThat(m).contains(PAST_THE_END)));
        refused++;
        continue;
      }
      assertThat(LogEventDeserializer.read(codec, message)).as("message %d", i).isEqualTo(viaCodec);
    }
    assertThat(refused).as("the corruptions the codec refuses").isGreaterThan(1000);
  }

  @Test
  void aStringLengthPastTheEndIsRefusedWithoutHandingItToAvro() {
    AvroWireCodec<LogEvent> codec = Codecs.logEvents();
    byte[] message = codec.encode(TestEvents.event("e1", 1000, "checkout", "h1", Level.INFO));
    byte[] corrupt = Arrays.copyOf(message, AvroWireCodec.HEADER_LENGTH + 5 + 8);
    // the id's length becomes 2,000,000,000 (zig-zag 4,000,000,000 as a varint), 8 bytes follow
    long zigZag = 4_000_000_000L;
    for (int k = 0; k < 5; k++) {
      corrupt[AvroWireCodec.HEADER_LENGTH + k] = (byte) ((zigZag & 0x7F) | (k < 4 ? 0x80 : 0));
      zigZag >>>= 7;
    }

    assertThatThrownBy(() -> LogEventDeserializer.read(codec, corrupt))
        .isInstanceOf(AvroCodecException.class)
        .hasMessageContaining(PAST_THE_END + " 2000000000 bytes where 8 are left");
  }

  @Test
  void aBooleanByteOtherThanZeroOrOneReadsAsTheCodecReadsIt() {
    AvroWireCodec<LogEvent> codec = Codecs.logEvents();
    LogEvent event = TestEvents.event("e1", 1000, "checkout", "h1", Level.INFO);
    event.setTruncated(true);
    event.setTemplateId(null);
    event.setTemplateText(null);
    byte[] message = codec.encode(event);
    // the record ends: truncated (1), templateId's null branch (0), templateText's (0)
    assertThat(message[message.length - 3]).isEqualTo((byte) 1);
    message[message.length - 3] = 2;

    LogEvent viaCodec = codec.decode(message);
    assertThat(LogEventDeserializer.read(codec, message)).isEqualTo(viaCodec);
    assertThat(viaCodec.getTruncated()).isFalse();
  }
}
