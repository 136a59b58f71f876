package dev.sluice.processing.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.codec.Codecs;
import dev.sluice.processing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
}
