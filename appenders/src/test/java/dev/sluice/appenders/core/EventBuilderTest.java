package dev.sluice.appenders.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBuilderTest {
  private static final Instant NOW = Instant.parse("2026-11-26T11:00:00Z");

  private final EventBuilder builder =
      new EventBuilder(
          AppenderSettings.builder()
              .bootstrapServers("kafka:9092")
              .service("checkout")
              .host("web-1")
              .environment("prod")
              .maxMessageChars(100_000)
              .build(),
          "appender:test",
          "instance",
          () -> NOW);

  private static CapturedEvent event(String message, Map<String, String> mdc, String stackTrace) {
    return new CapturedEvent(1_000L, Level.INFO, message, "app.Orders", "main", mdc, stackTrace);
  }

  @Test
  void copiesTheFrameworkFieldsAndTheConfiguredLabels() {
    LogEvent event = builder.build(event("hello", Map.of(), null));

    assertThat(event.getMessage()).isEqualTo("hello");
    assertThat(event.getLevel()).isEqualTo(Level.INFO);
    assertThat(event.getLogger()).isEqualTo("app.Orders");
    assertThat(event.getThread()).isEqualTo("main");
    assertThat(event.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_000));
    assertThat(event.getIngestTime()).isEqualTo(NOW);
    assertThat(event.getService()).isEqualTo("checkout");
    assertThat(event.getHost()).isEqualTo("web-1");
    assertThat(event.getEnvironment()).isEqualTo("prod");
    assertThat(event.getSource()).isEqualTo("appender:test");
    assertThat(event.getTruncated()).isFalse();
  }

  @Test
  void givesEachEventItsOwnIdFromTheInstanceAndASequence() {
    assertThat(builder.build(event("a", Map.of(), null)).getId()).isEqualTo("instance:0");
    assertThat(builder.build(event("b", Map.of(), null)).getId()).isEqualTo("instance:1");
  }

  @Test
  void turnsTheMdcIntoAttributesAndOpenTelemetryKeysIntoTraceAndSpanIds() {
    LogEvent event =
        builder.build(
            event(
                "x",
                Map.of("trace_id", "t1", "span_id", "s1", "trace_flags", "01", "user", "alice"),
                null));

    assertThat(event.getTraceId()).isEqualTo("t1");
    assertThat(event.getSpanId()).isEqualTo("s1");
    assertThat(event.getAttributes()).isEqualTo(Map.of("trace_flags", "01", "user", "alice"));
  }

  @Test
  void readsCamelCaseTraceKeysWhenTheOpenTelemetryOnesAreAbsent() {
    LogEvent event = builder.build(event("x", Map.of("traceId", "t2", "spanId", "s2"), null));

    assertThat(event.getTraceId()).isEqualTo("t2");
    assertThat(event.getSpanId()).isEqualTo("s2");
    assertThat(event.getAttributes()).isEmpty();
  }

  @Test
  void prefersOpenTelemetryKeysOverCamelCaseOnes() {
    LogEvent event =
        builder.build(event("x", Map.of("trace_id", "otel", "traceId", "other"), null));

    assertThat(event.getTraceId()).isEqualTo("otel");
    assertThat(event.getSpanId()).isNull();
  }

  @Test
  void leavesOutMdcEntriesWithoutAValue() {
    Map<String, String> mdc = new HashMap<>();
    mdc.put("user", null);
    mdc.put("tenant", "acme");

    assertThat(builder.build(event("x", mdc, null)).getAttributes())
        .isEqualTo(Map.of("tenant", "acme"));
  }

  @Test
  void appendsTheStackTraceToTheMessageAsTheShipperMergesIt() {
    String trace =
        StackTraces.of(new IllegalStateException("declined", new IOException("timeout")));
    LogEvent event = builder.build(event("payment failed", Map.of(), trace));

    assertThat(event.getMessage())
        .startsWith("payment failed\njava.lang.IllegalStateException: declined\n\tat ")
        .contains("\tat " + EventBuilderTest.class.getName() + ".")
        .contains("\nCaused by: java.io.IOException: timeout");
    assertThat(event.getMessage()).doesNotEndWith("\n");
  }

  @Test
  void cutsOverlongMessagesAndSaysSo() {
    LogEvent event = builder.build(event("y".repeat(200_000), Map.of(), null));

    assertThat(event.getMessage()).hasSize(100_000);
    assertThat(event.getTruncated()).isTrue();
  }

  @Test
  void neverSplitsASurrogatePairWhenCutting() {
    String message = "y".repeat(99_999) + "\uD83D\uDE00" + "tail";
    LogEvent event = builder.build(event(message, Map.of(), null));

    assertThat(event.getMessage()).isEqualTo("y".repeat(99_999));
  }

  @Test
  void encodesWithTheModelCodecAndDecodesBack() {
    LogEvent event = builder.build(event("x", Map.of("trace_id", "t", "user", "bob"), "trace"));

    assertThat(Codecs.logEvents().decode(Codecs.logEvents().encode(event))).isEqualTo(event);
  }

  @Test
  void copesWithANullMessageAndLevel() {
    LogEvent event = builder.build(new CapturedEvent(0, null, null, null, null, Map.of(), null));

    assertThat(event.getMessage()).isEmpty();
    assertThat(event.getLevel()).isEqualTo(Level.UNKNOWN);
  }
}
