package io.opentelemetry.exporter.otlp.http.logs;

import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.common.internal.StandardComponentId;

/**
 * The OpenTelemetry SDK's own {@link OtlpHttpLogRecordExporter}, switched to OTLP/JSON. In 1.65 the
 * logs exporter can send JSON ({@code HttpExporterBuilder.exportAsJson()}, the SDK's own JSON
 * marshaler) but its builder does not expose the switch publicly (the metrics builder has it
 * package-private), so this test helper sits in the exporter's package to reach the package-private
 * constructor. The bytes on the wire are the SDK's, not ours.
 */
public final class OtlpJsonLogExporters {
  private OtlpJsonLogExporters() {}

  /** A builder for a JSON-sending exporter to {@code endpoint}. */
  public static OtlpHttpLogRecordExporterBuilder jsonBuilder(String endpoint) {
    return new OtlpHttpLogRecordExporterBuilder(
        new HttpExporterBuilder(StandardComponentId.ExporterType.OTLP_HTTP_LOG_EXPORTER, endpoint)
            .exportAsJson(),
        MemoryMode.IMMUTABLE_DATA);
  }
}
