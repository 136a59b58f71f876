package dev.sluice.ingest.http.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.ingest.http.Decoded;
import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.model.Level;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpLogMapperTest {
  private static final String TRACE = "5b8efff798038103d269b633813fc60c";
  private static final String SPAN = "eee19b7ec3c1b174";

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  private static ExportLogsServiceRequest request() {
    LogRecord record =
        LogRecord.newBuilder()
            .setObservedTimeUnixNano(1_700_000_000_123_000_000L)
            .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR2)
            .setBody(str("payment declined"))
            .addAttributes(kv("http.status", AnyValue.newBuilder().setIntValue(402).build()))
            .addAttributes(kv("scope.attr", str("record wins")))
            .addAttributes(
                kv(
                    "user",
                    AnyValue.newBuilder()
                        .setKvlistValue(
                            KeyValueList.newBuilder()
                                .addValues(kv("id", str("u1")))
                                .addValues(
                                    kv(
                                        "roles",
                                        AnyValue.newBuilder()
                                            .setArrayValue(
                                                ArrayValue.newBuilder()
                                                    .addValues(str("admin"))
                                                    .addValues(
                                                        AnyValue.newBuilder().setBoolValue(true)))
                                            .build())))
                        .build()))
            .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE)))
            .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(SPAN)))
            .build();
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("service.name", str("payments")))
                        .addAttributes(kv("host.name", str("pay-3"))))
                .addScopeLogs(
                    ScopeLogs.newBuilder()
                        .setScope(
                            InstrumentationScope.newBuilder()
                                .setName("com.example.Pay")
                                .addAttributes(kv("scope.attr", str("scope"))))
                        .addLogRecords(record)
                        .addLogRecords(LogRecord.newBuilder().setSeverityText("warning"))))
        .build();
  }

  private static void assertFirst(ParsedFields f) {
    assertThat(f.service).isEqualTo("payments");
    assertThat(f.host).isEqualTo("pay-3");
    assertThat(f.eventTime)
        .as("observed time when there is no time")
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 123_000_000));
    assertThat(f.level).isEqualTo(Level.ERROR);
    assertThat(f.message).isEqualTo("payment declined");
    assertThat(f.logger).isEqualTo("com.example.Pay");
    assertThat(f.traceId).isEqualTo(TRACE);
    assertThat(f.spanId).isEqualTo(SPAN);
    assertThat(f.attributes)
        .containsEntry("http.status", "402")
        .containsEntry("scope.attr", "record wins")
        .containsEntry("user.id", "u1")
        .containsEntry("user.roles", "[\"admin\",true]")
        .containsEntry("service.name", "payments");
  }

  @Test
  void mapsProtobufRecords() throws Exception {
    byte[] body = request().toByteArray();
    List<Decoded.Event> events =
        OtlpLogMapper.events(
            OtlpDecoder.decode(body, OtlpEncoding.PROTOBUF), OtlpEncoding.PROTOBUF);
    assertThat(events).extracting(Decoded.Event::position).containsExactly(0, 1);
    assertFirst(events.get(0).fields());
    ParsedFields second = events.get(1).fields();
    assertThat(second.level).as("severity text when no number").isEqualTo(Level.WARN);
    assertThat(second.eventTime).as("the time received, filled in later").isNull();
    assertThat(second.message).isEmpty();
    assertThat(second.traceId).isNull();
  }

  @Test
  void mapsOtlpJsonWithHexIds() throws Exception {
    // protobuf's JSON printer writes ids as base64; OTLP/JSON wants hex: write them as OTLP does
    String json =
        JsonFormat.printer()
            .print(request())
            .replace(base64(TRACE), TRACE)
            .replace(base64(SPAN), SPAN);
    assertThat(json).contains("\"traceId\": \"" + TRACE + "\"");
    List<Decoded.Event> events =
        OtlpLogMapper.events(
            OtlpDecoder.decode(json.getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON),
            OtlpEncoding.JSON);
    assertFirst(events.get(0).fields());
  }

  @Test
  void badBodiesAreRefusedWithTheReason() {
    assertThatThrownBy(
            () -> OtlpDecoder.decode("{\"resourceLogs\": 5}".getBytes(), OtlpEncoding.JSON))
        .hasMessageStartingWith("not an OTLP ExportLogsServiceRequest in application/json");
    assertThatThrownBy(
            () -> OtlpDecoder.decode(new byte[] {(byte) 0xff, 1, 2}, OtlpEncoding.PROTOBUF))
        .hasMessageStartingWith("not an OTLP ExportLogsServiceRequest in application/x-protobuf");
  }

  @Test
  void severityNumbersMapInBandsOfFour() {
    assertThat(OtlpLogMapper.level(1, "")).isEqualTo(Level.TRACE);
    assertThat(OtlpLogMapper.level(8, "")).isEqualTo(Level.DEBUG);
    assertThat(OtlpLogMapper.level(9, "")).isEqualTo(Level.INFO);
    assertThat(OtlpLogMapper.level(16, "")).isEqualTo(Level.WARN);
    assertThat(OtlpLogMapper.level(17, "")).isEqualTo(Level.ERROR);
    assertThat(OtlpLogMapper.level(24, "")).isEqualTo(Level.FATAL);
    assertThat(OtlpLogMapper.level(0, "")).isNull();
  }

  private static String base64(String hex) {
    return java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }
}
