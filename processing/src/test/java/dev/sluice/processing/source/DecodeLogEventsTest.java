package dev.sluice.processing.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.codec.Codecs;
import dev.sluice.processing.TestEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeLogEventsTest {

  @Test
  void decodesEventsAndRejectsWhatDoesNotDecodeWithTheReason() throws Exception {
    LogEvent good = TestEvents.event("e1", 1000, "checkout", "h1", Level.INFO);
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    try (OneInputStreamOperatorTestHarness<RawRecord, LogEvent> harness =
        ProcessFunctionTestHarnesses.forProcessFunction(new DecodeLogEvents())) {
      harness.processElement(new RawRecord("logs", 0, 1, 5, Codecs.logEvents().encode(good)), 5);
      harness.processElement(new RawRecord("logs", 0, 2, 6, garbage), 6);
      harness.processElement(new RawRecord("logs", 1, 7, 7, null), 7);

      assertThat(harness.extractOutputValues()).containsExactly(good);
      List<Reject> rejects =
          harness.getSideOutput(DecodeLogEvents.REJECTS).stream()
              .map(StreamRecord::getValue)
              .collect(Collectors.toList());
      assertThat(rejects).hasSize(2);
      Reject first = rejects.get(0);
      assertThat(first.getId()).isEqualTo("logs-0-2");
      assertThat(first.getStage()).isEqualTo("decode");
      assertThat(first.getReason()).isNotBlank();
      assertThat(first.getTopic()).isEqualTo("logs");
      assertThat(first.getPartition()).isEqualTo(0);
      assertThat(first.getOffset()).isEqualTo(2L);
      assertThat(StandardCharsets.UTF_8.decode(first.getRaw()).toString())
          .isEqualTo("not avro at all");
      assertThat(rejects.get(1).getReason()).contains("empty");
    }
  }
}
