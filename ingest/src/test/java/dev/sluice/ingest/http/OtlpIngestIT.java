package dev.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpJsonLogExporters;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP/HTTP logs as the OpenTelemetry SDK's own exporter sends them (protobuf, and JSON), into a
 * real broker: the export succeeds only once Kafka acknowledged, and every field maps.
 */
class OtlpIngestIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  private static final String TOKEN = "otlp-token-for-tests";
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN_ID = "b7ad6b7169203331";
  private static final Instant TIME = Instant.parse("2026-11-26T09:30:00.123456789Z");

  @TempDir Path dir;

  private ShipperConfig config(String topic) {
    ShipperConfig.Builder b =
        ShipperConfig.builder()
            .bootstrapServers(KAFKA.bootstrapServers())
            .topic(topic)
            .rejectsTopic(topic)
            .stateDir(dir.resolve("state"))
            .service("fallback")
            .lingerMs(5)
            .statusInterval(Duration.ZERO);
    b.http()
        .listen("127.0.0.1:0")
        .token("${env:OTLP_TOKEN}")
        .environment(name -> name.equals("OTLP_TOKEN") ? TOKEN : null);
    return b.build();
  }

  /** Logs {@code count} records through an SDK logger provider exporting with {@code exporter}. */
  private static CompletableResultCode logThrough(
      LogRecordExporter exporter, int count, boolean batch) {
    SdkLoggerProvider provider =
        SdkLoggerProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("service.name"), "checkout",
                        AttributeKey.stringKey("host.name"), "web-7",
                        AttributeKey.stringKey("deployment.environment"), "test")))
            .addLogRecordProcessor(
                batch
                    ? BatchLogRecordProcessor.builder(exporter)
                        .setScheduleDelay(Duration.ofMillis(50))
                        .build()
                    : SimpleLogRecordProcessor.create(exporter))
            .build();
    try {
      Logger logger = provider.loggerBuilder("com.example.Checkout").build();
      Context context =
          Context.root()
              .with(
                  Span.wrap(
                      SpanContext.create(
                          TRACE_ID, SPAN_ID, TraceFlags.getSampled(), TraceState.getDefault())));
      for (int i = 0; i < count; i++) {
        var record =
            logger
                .logRecordBuilder()
                .setTimestamp(TIME.plusSeconds(i))
                .setSeverity(i == 0 ? Severity.ERROR : Severity.WARN)
                .setSeverityText(i == 0 ? "ERROR" : "WARN")
                .setAttribute(AttributeKey.longKey("order.id"), (long) i)
                .setContext(context);
        if (i == 1) {
          record.setBody(Value.of(Map.of("event", Value.of("checkout.failed"))));
        } else {
          record.setBody("order " + i + " failed");
        }
        record.emit();
      }
      return provider.forceFlush().join(20, TimeUnit.SECONDS);
    } finally {
      provider.shutdown().join(20, TimeUnit.SECONDS);
    }
  }

  private static void assertMapped(List<LogEvent> events, int count) {
    assertThat(events).hasSize(count);
    for (int i = 0; i < count; i++) {
      LogEvent e = events.get(i);
      assertThat(e.getService()).isEqualTo("checkout");
      assertThat(e.getHost()).isEqualTo("web-7");
      assertThat(e.getEventTime())
          .isEqualTo(TIME.plusSeconds(i).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
      assertThat(e.getLevel()).isEqualTo(i == 0 ? Level.ERROR : Level.WARN);
      assertThat(e.getTraceId()).isEqualTo(TRACE_ID);
      assertThat(e.getSpanId()).isEqualTo(SPAN_ID);
      assertThat(e.getLogger()).isEqualTo("com.example.Checkout");
      assertThat(e.getSource()).isEqualTo("otlp");
      assertThat(e.getId()).matches("otlp:[0-9a-f]{16}:" + i);
      assertThat(e.getAttributes())
          .containsEntry("order.id", String.valueOf(i))
          .containsEntry("deployment.environment", "test")
          .containsEntry("service.name", "checkout");
      assertThat(e.getMessage())
          .isEqualTo(i == 1 ? "{\"event\":\"checkout.failed\"}" : "order " + i + " failed");
    }
  }

  @Test
  void takesProtobufFromTheSdkExporterAndMapsEveryField() throws Exception {
    String topic = KAFKA.newTopic(1);
    try (RunningHttpSource http = new RunningHttpSource(config(topic)).awaitReady();
        KafkaEvents kafka = new KafkaEvents(KAFKA.bootstrapServers(), topic)) {
      OtlpHttpLogRecordExporter exporter =
          OtlpHttpLogRecordExporter.builder()
              .setEndpoint(http.uri("/v1/logs").toString())
              .addHeader("Authorization", "Bearer " + TOKEN)
              .build();

      CompletableResultCode result = logThrough(exporter, 20, true);

      assertThat(result.isSuccess()).as("the exporter got a 2xx").isTrue();
      assertThat(http.source.metrics().eventsSent.sum())
          .as("acknowledged by Kafka before the answer")
          .isEqualTo(20);
      assertMapped(kafka.awaitUntil(l -> l.size() >= 20, Duration.ofSeconds(30)), 20);
    }
  }

  @Test
  void takesJsonFromTheSdkExporterWithHexTraceIds() throws Exception {
    String topic = KAFKA.newTopic(1);
    try (RunningHttpSource http = new RunningHttpSource(config(topic)).awaitReady();
        KafkaEvents kafka = new KafkaEvents(KAFKA.bootstrapServers(), topic)) {
      OtlpHttpLogRecordExporter exporter =
          OtlpJsonLogExporters.jsonBuilder(http.uri("/v1/logs").toString())
              .addHeader("Authorization", "Bearer " + TOKEN)
              .build();
      assertThat(exporter.toString()).contains("exportAsJson=true");

      CompletableResultCode result = logThrough(exporter, 5, true);

      assertThat(result.isSuccess()).isTrue();
      assertMapped(kafka.awaitUntil(l -> l.size() >= 5, Duration.ofSeconds(30)), 5);
    }
  }

  @Test
  void refusesTheSdkExporterWithoutTheTokenAndSendsNothing() throws Exception {
    String topic = KAFKA.newTopic(1);
    try (RunningHttpSource http = new RunningHttpSource(config(topic)).awaitReady()) {
      OtlpHttpLogRecordExporter exporter =
          OtlpHttpLogRecordExporter.builder().setEndpoint(http.uri("/v1/logs").toString()).build();

      CompletableResultCode result = logThrough(exporter, 3, false);

      assertThat(result.isSuccess()).as("the exporter saw the 401").isFalse();
      assertThat(http.source.metrics().httpRequestsFailed.sum()).isPositive();
      assertThat(http.source.metrics().eventsSent.sum()).isZero();
    }
  }
}
