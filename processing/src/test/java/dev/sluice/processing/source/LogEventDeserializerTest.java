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
            .hasMessage(e.getMessage());
        refused++;
        continue;
      }
      assertThat(LogEventDeserializer.read(codec, message)).as("message %d", i).isEqualTo(viaCodec);
    }
    assertThat(refused).as("the corruptions the codec refuses").isGreaterThan(1000);
  }
}
