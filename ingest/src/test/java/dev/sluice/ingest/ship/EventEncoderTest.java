package dev.sluice.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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
  void writesTheModelSchemaDirectly() {
    assertThat(LogEventWriter.fits(Codecs.logEvents().schema()))
        .as(
            "LogEvent's schema changed: update LogEventWriter (and its SHAPE) to the new fields,"
                + " or the shipper falls back to Avro's slower generic writer")
        .isTrue();
    assertThat(new EventEncoder().direct()).isTrue();
  }

  @Test
  void writesTheSameBytesAsTheModelCodecForRandomEvents() {
    EventEncoder encoder = new EventEncoder();
    SplittableRandom random = new SplittableRandom(16);
    for (int i = 0; i < 500; i++) {
      LogEvent event = randomEvent(random);
      byte[] bytes = encoder.encode(event);
      assertThat(bytes).as("event %d: %s", i, event).isEqualTo(Codecs.logEvents().encode(event));
    }
  }

  @Test
  void refusesAnEventWithoutARequiredField() {
    LogEvent event = randomEvent(new SplittableRandom(1));
    event.setMessage(null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EventEncoder().encode(event))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("message");
  }

  private static LogEvent randomEvent(SplittableRandom r) {
    LogEvent e = new LogEvent();
    e.setId(text(r) + ":" + r.nextLong(Long.MAX_VALUE));
    e.setEventTime(Instant.ofEpochMilli(r.nextLong(-4_000_000_000_000L, 4_000_000_000_000L)));
    e.setIngestTime(Instant.ofEpochMilli(r.nextLong(0, 4_000_000_000_000L)));
    e.setService(text(r));
    e.setHost(maybe(r));
    e.setEnvironment(maybe(r));
    e.setSource(maybe(r));
    e.setLevel(Level.values()[r.nextInt(Level.values().length)]);
    e.setMessage(text(r));
    e.setLogger(maybe(r));
    e.setThread(maybe(r));
    e.setTraceId(maybe(r));
    e.setSpanId(maybe(r));
    if (r.nextBoolean()) {
      HttpRequest http = new HttpRequest();
      http.setMethod(maybe(r));
      http.setPath(maybe(r));
      http.setQuery(maybe(r));
      http.setProtocol(maybe(r));
      http.setStatus(r.nextBoolean() ? null : r.nextInt(Integer.MIN_VALUE, Integer.MAX_VALUE));
      http.setBytes(r.nextBoolean() ? null : r.nextLong());
      http.setDurationMs(
          r.nextBoolean() ? null : r.nextInt(4) == 0 ? Double.NaN : r.nextDouble() * 1e6);
      http.setClientAddress(maybe(r));
      http.setUserAgent(maybe(r));
      http.setReferrer(maybe(r));
      e.setHttp(http);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    int n = r.nextInt(4) == 0 ? 0 : r.nextInt(1, 80);
    for (int i = 0; i < n; i++) {
      attributes.put(text(r) + i, text(r));
    }
    e.setAttributes(attributes);
    e.setTruncated(r.nextBoolean());
    e.setTemplateId(maybe(r));
    e.setTemplateText(maybe(r));
    return e;
  }

  private static String maybe(SplittableRandom r) {
    return r.nextInt(3) == 0 ? null : text(r);
  }

  /** Empty, ASCII, Latin-1, other BMP characters, surrogate pairs, lone surrogates, long runs. */
  private static String text(SplittableRandom r) {
    int length = r.nextInt(6) == 0 ? 0 : r.nextInt(8) == 0 ? r.nextInt(200, 3000) : r.nextInt(40);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (r.nextInt(10)) {
        case 0 -> s.append((char) r.nextInt(0x80, 0x100));
        case 1 -> s.append((char) r.nextInt(0x100, 0xD800));
        case 2 -> s.appendCodePoint(r.nextInt(0x10000, 0x110000));
        case 3 -> s.append((char) r.nextInt(0xD800, 0xE000));
        default -> s.append((char) r.nextInt(0, 0x80));
      }
    }
    return s.toString();
  }
}
