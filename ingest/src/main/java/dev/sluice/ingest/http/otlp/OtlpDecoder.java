package dev.sluice.ingest.http.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.nio.charset.StandardCharsets;

/**
 * Reads an OTLP/HTTP logs request body ({@code ExportLogsServiceRequest}) in either encoding with
 * the generated protobuf classes ({@code opentelemetry-proto}) and protobuf's own JSON reader.
 * Unknown JSON fields are ignored, as the OTLP spec asks of receivers. Thread-safe.
 *
 * <p>OTLP/JSON writes trace and span ids as hex, not base64 as protobuf's JSON mapping expects;
 * {@link OtlpLogMapper} undoes what the JSON reader made of them (see {@link TraceIds}).
 */
public final class OtlpDecoder {
  private static final JsonFormat.Parser JSON = JsonFormat.parser().ignoringUnknownFields();

  private OtlpDecoder() {}

  /**
   * Decodes {@code body}.
   *
   * @throws IllegalArgumentException when the body is not a valid request, with the reason
   */
  public static ExportLogsServiceRequest decode(byte[] body, OtlpEncoding encoding) {
    try {
      if (encoding == OtlpEncoding.PROTOBUF) {
        return ExportLogsServiceRequest.parseFrom(body);
      }
      ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
      JSON.merge(new String(body, StandardCharsets.UTF_8), builder);
      return builder.build();
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new IllegalArgumentException(
          "not an OTLP ExportLogsServiceRequest in "
              + encoding.contentType()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
