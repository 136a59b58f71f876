package dev.sluice.ingest.http.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.ingest.http.Decoded;
import dev.sluice.ingest.parse.Levels;
import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.model.Level;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps OTLP log records to event fields:
 *
 * <ul>
 *   <li>resource {@code service.name} → service, {@code host.name} → host;
 *   <li>{@code time_unix_nano}, else {@code observed_time_unix_nano}, else the time received →
 *       event time;
 *   <li>severity number (1–4 TRACE … 21–24 FATAL), else severity text → level;
 *   <li>body → message (a string as is; maps and lists as JSON text);
 *   <li>instrumentation scope name → logger;
 *   <li>trace_id / span_id → lower-case hex (see {@link TraceIds});
 *   <li>attributes of the resource, the scope and the record, flattened to strings (nested maps as
 *       dotted keys, lists as JSON text, bytes as base64); the more specific wins on a clash; a
 *       record's {@code event_name} is attribute {@code event.name}.
 * </ul>
 *
 * Each event's position is its index in the request, in order. Thread-safe.
 */
public final class OtlpLogMapper {
  private static final JsonFactory JSON = new JsonFactory();

  private OtlpLogMapper() {}

  /** The events of {@code request}, in order. */
  public static List<Decoded.Event> events(
      ExportLogsServiceRequest request, OtlpEncoding encoding) {
    List<Decoded.Event> events = new ArrayList<>();
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      Map<String, String> resource = new LinkedHashMap<>();
      flatten(resourceLogs.getResource().getAttributesList(), resource);
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        InstrumentationScope scope = scopeLogs.getScope();
        Map<String, String> scoped = new LinkedHashMap<>(resource);
        flatten(scope.getAttributesList(), scoped);
        for (LogRecord record : scopeLogs.getLogRecordsList()) {
          ParsedFields fields = fields(record, scope, scoped, encoding);
          events.add(new Decoded.Event(fields, fields.message, events.size()));
        }
      }
    }
    return events;
  }

  private static ParsedFields fields(
      LogRecord record, InstrumentationScope scope, Map<String, String> scoped, OtlpEncoding enc) {
    ParsedFields f = new ParsedFields();
    f.attributes.putAll(scoped);
    flatten(record.getAttributesList(), f.attributes);
    if (!record.getEventName().isEmpty()) {
      f.attributes.put("event.name", record.getEventName());
    }
    f.service = blankToNull(scoped.get("service.name"));
    f.host = blankToNull(scoped.get("host.name"));
    long nanos =
        record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
    if (nanos != 0) {
      f.eventTime = Instant.ofEpochSecond(0, nanos);
    }
    f.level = level(record.getSeverityNumberValue(), record.getSeverityText());
    f.message = message(record.getBody());
    f.logger = blankToNull(scope.getName());
    f.traceId = TraceIds.hex(record.getTraceId(), enc);
    f.spanId = TraceIds.hex(record.getSpanId(), enc);
    return f;
  }

  /** The level of a severity number (OTLP's 1–24 scale), else of its text; null if neither. */
  static Level level(int number, String text) {
    if (number >= 1 && number <= 24) {
      return Level.values()[(number - 1) / 4];
    }
    return text == null || text.isEmpty() ? null : Levels.fromName(text);
  }

  private static String message(AnyValue body) {
    switch (body.getValueCase()) {
      case STRING_VALUE:
        return body.getStringValue();
      case VALUE_NOT_SET:
        return "";
      case ARRAY_VALUE:
      case KVLIST_VALUE:
        return json(body);
      default:
        return scalar(body);
    }
  }

  private static void flatten(List<KeyValue> attributes, Map<String, String> into) {
    for (KeyValue kv : attributes) {
      flatten(kv.getKey(), kv.getValue(), into, 0);
    }
  }

  private static void flatten(String key, AnyValue value, Map<String, String> into, int depth) {
    switch (value.getValueCase()) {
      case VALUE_NOT_SET:
        return;
      case KVLIST_VALUE:
        if (depth < 3) {
          for (KeyValue kv : value.getKvlistValue().getValuesList()) {
            flatten(key + "." + kv.getKey(), kv.getValue(), into, depth + 1);
          }
        } else {
          into.put(key, json(value));
        }
        return;
      case ARRAY_VALUE:
        into.put(key, json(value));
        return;
      default:
        into.put(key, scalar(value));
    }
  }

  private static String scalar(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return String.valueOf(value.getBoolValue());
      case INT_VALUE:
        return String.valueOf(value.getIntValue());
      case DOUBLE_VALUE:
        return String.valueOf(value.getDoubleValue());
      case BYTES_VALUE:
        return Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      default:
        return json(value);
    }
  }

  private static String json(AnyValue value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, AnyValue value) throws IOException {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        g.writeString(value.getStringValue());
        break;
      case BOOL_VALUE:
        g.writeBoolean(value.getBoolValue());
        break;
      case INT_VALUE:
        g.writeNumber(value.getIntValue());
        break;
      case DOUBLE_VALUE:
        g.writeNumber(value.getDoubleValue());
        break;
      case BYTES_VALUE:
        g.writeString(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
        break;
      case ARRAY_VALUE:
        g.writeStartArray();
        for (AnyValue item : value.getArrayValue().getValuesList()) {
          write(g, item);
        }
        g.writeEndArray();
        break;
      case KVLIST_VALUE:
        g.writeStartObject();
        for (KeyValue kv : value.getKvlistValue().getValuesList()) {
          g.writeFieldName(kv.getKey());
          write(g, kv.getValue());
        }
        g.writeEndObject();
        break;
      default:
        g.writeNull();
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
