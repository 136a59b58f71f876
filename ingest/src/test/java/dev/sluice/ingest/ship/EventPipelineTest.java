package dev.sluice.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.codec.Codecs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventPipelineTest {
  private static final KafkaSettings KAFKA =
      new KafkaSettings("127.0.0.1:1", "logs", "logs.rejects", "zstd", 5, 1024, Map.of());
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  private final ShipMetrics metrics = new ShipMetrics();
  private final Enricher enricher = new Enricher("checkout", "host-1", "prod", Map.of());

  private EventPipeline pipeline(LogParser parser, boolean mustParse) {
    return new EventPipeline(parser, mustParse, enricher, KAFKA, metrics);
  }

  @Test
  void parsedRecordBecomesAnEventOnTheLogsTopicKeyedByService() {
    OutgoingRecord out =
        pipeline(Parsers.byName("json"), true)
            .record(
                "{\"level\":\"error\",\"msg\":\"boom\",\"service\":\"payments\"}",
                null,
                "f:0",
                "/var/log/app.log",
                NOW,
                false,
                EventPipeline.FieldsHook.NONE);

    assertThat(out.topic()).isEqualTo("logs");
    assertThat(out.reject()).isFalse();
    assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("payments");
    LogEvent event = Codecs.logEvents().decode(out.value());
    assertThat(event.getId()).isEqualTo("f:0");
    assertThat(event.getLevel()).isEqualTo(Level.ERROR);
    assertThat(event.getMessage()).isEqualTo("boom");
    assertThat(event.getHost()).isEqualTo("host-1");
    assertThat(event.getSource()).isEqualTo("/var/log/app.log");
    assertThat(metrics.eventsReceived.sum()).isEqualTo(1);
    assertThat(metrics.parseFailures.sum()).isZero();
  }

  @Test
  void recordThatMustParseAndDoesNotGoesToRejectsWithItsRawBytesAndReason() {
    byte[] raw = {'n', 'o', 't', ' ', (byte) 0xff, 'j', 's', 'o', 'n'};
    OutgoingRecord out =
        pipeline(Parsers.byName("json"), true)
            .record("not \uFFFDjson", raw, "f:10", "app.log", NOW, false, fields -> {});

    assertThat(out.topic()).isEqualTo("logs.rejects");
    assertThat(out.reject()).isTrue();
    Reject reject = Codecs.rejects().decode(out.value());
    assertThat(reject.getId()).isEqualTo("f:10");
    assertThat(reject.getReason()).startsWith("json: ");
    assertThat(reject.getRaw().array()).isEqualTo(raw);
    assertThat(metrics.parseFailures.sum()).isEqualTo(1);
  }

  @Test
  void recordThatNeedNotParseIsShippedUnparsed() {
    OutgoingRecord out =
        pipeline(Parsers.byName("json"), false)
            .record("plain text", null, "f:20", "app.log", NOW, true, fields -> {});

    LogEvent event = Codecs.logEvents().decode(out.value());
    assertThat(out.topic()).isEqualTo("logs");
    assertThat(event.getLevel()).isEqualTo(Level.UNKNOWN);
    assertThat(event.getMessage()).isEqualTo("plain text");
    assertThat(event.getTruncated()).isTrue();
    assertThat(event.getService()).isEqualTo("checkout");
    assertThat(metrics.parseFailures.sum()).isEqualTo(1);
  }

  @Test
  void parserThatThrowsCountsAsAParseFailureNotACrash() {
    LogParser broken =
        new LogParser() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public ParseResult parse(String record) {
            throw new IllegalStateException("bug");
          }
        };
    OutgoingRecord out =
        pipeline(broken, true).record("x", null, "f:30", "app.log", NOW, false, fields -> {});

    assertThat(Codecs.rejects().decode(out.value()).getReason())
        .isEqualTo("broken: parser error java.lang.IllegalStateException: bug");
  }

  @Test
  void hookAdjustsFieldsBeforeEnrichment() {
    OutgoingRecord out =
        pipeline(Parsers.byName("none"), false)
            .record(
                "hello",
                null,
                "f:40",
                "syslog-udp",
                NOW,
                false,
                fields -> {
                  fields.host = "10.0.0.7";
                  fields.attributes.put("syslog.peer", "10.0.0.7:514");
                });

    LogEvent event = Codecs.logEvents().decode(out.value());
    assertThat(event.getHost()).isEqualTo("10.0.0.7");
    assertThat(event.getAttributes()).containsEntry("syslog.peer", "10.0.0.7:514");
  }

  @Test
  void alreadyParsedFieldsAreEnrichedAndCounted() {
    ParsedFields fields = new ParsedFields();
    fields.message = "from otlp";
    fields.level = Level.WARN;
    OutgoingRecord out =
        pipeline(Parsers.byName("none"), false)
            .parsed(fields, "{}", "otlp:1:0", "otlp", NOW, false);

    LogEvent event = Codecs.logEvents().decode(out.value());
    assertThat(event.getMessage()).isEqualTo("from otlp");
    assertThat(event.getLevel()).isEqualTo(Level.WARN);
    assertThat(metrics.eventsReceived.sum()).isEqualTo(1);
  }

  @Test
  void recordFromItsBytesEncodesAsTheTextDoes() {
    String[] lines = {
      "10.1.2.3 - - [26/Nov/2026:08:00:00 +0000] \"GET /a?b=1 HTTP/1.1\" 200 12 \"-\" \"curl/8\"",
      "10.1.2.3 - alice [26/Nov/2026:08:00:00 +0000] \"GET /ünï HTTP/1.1\" 500 1 \"-\" \"x\"",
      "not an access log line at all",
      "{\"level\":\"info\",\"msg\":\"json, whose message is a field\"}",
    };
    byte[][] extra = {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}};
    for (String parser : new String[] {"combined", "json"}) {
      EventPipeline fromBytes = pipeline(Parsers.byName(parser), false);
      EventPipeline fromText = pipeline(Parsers.byName(parser), false);
      for (String line : lines) {
        for (byte[] tail : new byte[][] {{}, extra[0], extra[1], extra[2]}) {
          byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
          byte[] buffer = new byte[utf8.length + tail.length + 4]; // the line inside a read
          System.arraycopy(utf8, 0, buffer, 2, utf8.length);
          System.arraycopy(tail, 0, buffer, 2 + utf8.length, tail.length);
          int length = utf8.length + tail.length;
          String text = new String(buffer, 2, length, StandardCharsets.UTF_8);
          OutgoingRecord a =
              fromBytes.record(text, buffer, 2, length, null, "f:1", "/a.log", NOW, false);
          OutgoingRecord b =
              fromText.record(
                  text, null, "f:1", "/a.log", NOW, false, EventPipeline.FieldsHook.NONE);
          assertThat(a.value())
              .as("%s: %s + %d bytes", parser, line, tail.length)
              .isEqualTo(b.value());
          assertThat(Codecs.logEvents().decode(a.value()).getMessage())
              .isEqualTo(Codecs.logEvents().decode(b.value()).getMessage());
        }
      }
    }
  }

  @Test
  void jsonLineFromItsBytesIsTheRecordOfItsText() {
    String[] taken = {
      "{\"ts\":\"2026-11-26T08:00:00.001Z\",\"level\":\"warn\",\"msg\":\"order placed\","
          + "\"order_id\":42,\"latency_ms\":1.5,\"trace_id\":\"00ff\"}",
      "  {\"message\":\"ünïcödé\",\"service\":\"payments\",\"ctx\":{\"a\":{\"b\":1}}}",
      "{\"no\":\"message key\",\"list\":[1,2,{\"x\":null}]}",
    };
    String[] declined = {
      "{\"unterminated\": ", "[1,2]", "plain text", "{\"a\":1} trailing", "{\"a\":\"\u00ff\"} x"
    };
    EventPipeline fromBytes = pipeline(Parsers.byName("json"), false);
    EventPipeline fromText = pipeline(Parsers.byName("json"), false);
    for (String line : taken) {
      byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
      OutgoingRecord a = fromBytes.line(utf8, 0, utf8.length, "abc", 77, "/a.log", NOW, true);
      OutgoingRecord b =
          fromText.record(line, null, "abc:77", "/a.log", NOW, true, EventPipeline.FieldsHook.NONE);
      assertThat(a).as(line).isNotNull();
      assertThat(a.value()).as(line).isEqualTo(b.value());
      assertThat(a.key()).isEqualTo(b.key());
    }
    for (String line : declined) {
      byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
      assertThat(fromBytes.line(utf8, 0, utf8.length, "abc", 1, "/a.log", NOW, false))
          .as(line)
          .isNull();
    }
    byte[] invalid = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
    assertThat(fromBytes.line(invalid, 0, invalid.length, "abc", 1, "/a.log", NOW, false)).isNull();
    assertThat(metrics.eventsReceived.sum()).isEqualTo(2L * taken.length);
    assertThat(
            pipeline(Parsers.byName("logfmt"), false).line(invalid, 0, 3, "a", 1, "/a", NOW, false))
        .isNull();
  }
}
