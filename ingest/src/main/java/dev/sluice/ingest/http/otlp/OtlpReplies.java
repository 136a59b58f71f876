package dev.sluice.ingest.http.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.sluice.ingest.http.Reply;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * OTLP/HTTP answers in the request's encoding: an {@code ExportLogsServiceResponse} on success
 * (never with partial_success: a request is delivered whole or refused whole), and a {@code
 * google.rpc.Status} (code, message) with an error status, as the OTLP spec describes. The Status
 * message is written by hand (two fields) rather than adding the googleapis protos for it.
 */
public final class OtlpReplies {
  private OtlpReplies() {}

  /** The success answer. */
  public static Reply success(OtlpEncoding encoding) {
    ExportLogsServiceResponse response = ExportLogsServiceResponse.getDefaultInstance();
    byte[] body;
    if (encoding == OtlpEncoding.PROTOBUF) {
      body = response.toByteArray();
    } else {
      try {
        body = JsonFormat.printer().print(response).getBytes(StandardCharsets.UTF_8);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("cannot print an empty response", e);
      }
    }
    return new Reply(200, encoding.contentType(), body, Map.of());
  }

  /** An error answer with HTTP {@code status} and a Status message saying {@code reason}. */
  public static Reply error(OtlpEncoding encoding, int status, String reason) {
    int code = grpcCode(status);
    byte[] body;
    if (encoding == OtlpEncoding.PROTOBUF) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      try {
        out.writeInt32(1, code);
        out.writeString(2, reason);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      body = bytes.toByteArray();
      return new Reply(status, encoding.contentType(), body, Map.of());
    }
    return Reply.json(status, Map.of("code", code, "message", reason), Map.of());
  }

  private static int grpcCode(int status) {
    switch (status) {
      case 400:
        return 3; // INVALID_ARGUMENT
      case 401:
        return 16; // UNAUTHENTICATED
      case 413:
      case 429:
        return 8; // RESOURCE_EXHAUSTED
      case 503:
        return 14; // UNAVAILABLE
      default:
        return 13; // INTERNAL
    }
  }
}
