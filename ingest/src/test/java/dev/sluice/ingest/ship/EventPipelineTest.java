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
}
