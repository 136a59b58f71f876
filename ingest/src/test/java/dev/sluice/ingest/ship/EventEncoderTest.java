package dev.sluice.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import dev.sluice.model.codec.RandomLogEvents;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shipper's encoder writes the model codec's bytes (the field encoding itself is checked
 * against Avro by model's {@code LogEventWriterTest}; here: the header and the reused buffer).
 */
class EventEncoderTest {
  private final Enricher enricher =
      new Enricher("svc", "host-1", "prod", Map.of("team", "ingest", "region", "eu"));

  @Test
  void writesTheSameBytesAsTheModelCodec() {
    EventEncoder encoder = new EventEncoder();
    ParsedFields full = new ParsedFields();
    full.eventTime = Instant.parse("2026-11-26T08:00:00.123Z");
    full.level = Level.ERROR;
    full.message = "GET /items 500 — ünïcödé";
    full.logger = "dev.shop.Orders";
    full.thread = "worker-3";
    full.traceId = "abc";
    full.http =
        HttpRequest.newBuilder()
            .setMethod("GET")
            .setPath("/items")
            .setStatus(500)
            .setBytes(12L)
            .build();
    full.attributes.put("user", "u1");
    Instant now = Instant.parse("2026-11-26T08:00:01Z");
    for (LogEvent event :
        new LogEvent[] {
          enricher.event(full, "raw", "f:0", "/var/log/a.log", now, false),
          enricher.event(ParsedFields.unparsed("plain"), "plain", "f:9", "/a", now, true),
        }) {
      for (int i = 0; i < 3; i++) { // the reused buffer must not leak between records
        byte[] bytes = encoder.encode(event);
        assertThat(bytes).isEqualTo(Codecs.logEvents().encode(event));
        assertThat(Codecs.logEvents().decode(bytes)).isEqualTo(event);
      }
    }
  }

  @Test
  void writesTheSameBytesAsTheModelCodecForRandomEvents() {
    EventEncoder encoder = new EventEncoder();
    SplittableRandom random = new SplittableRandom(16);
    for (int i = 0; i < 200; i++) {
      LogEvent event = RandomLogEvents.next(random);
      byte[] bytes = encoder.encode(event);
      assertThat(bytes).as("event %d: %s", i, event).isEqualTo(Codecs.logEvents().encode(event));
    }
  }

  @Test
  void refusesAnEventWithoutARequiredField() {
    LogEvent event = RandomLogEvents.next(new SplittableRandom(1));
    event.setMessage(null);
    assertThatThrownBy(() -> new EventEncoder().encode(event))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("message");
  }
}
