package dev.sluice.ingest.http.otlp;

import java.util.Locale;

/** The two OTLP/HTTP encodings, chosen by the request's {@code Content-Type}. */
public enum OtlpEncoding {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  private final String contentType;

  OtlpEncoding(String contentType) {
    this.contentType = contentType;
  }

  /** The media type answered with. */
  public String contentType() {
    return contentType;
  }

  /** The encoding of a request with this {@code Content-Type} header, or null if unsupported. */
  public static OtlpEncoding of(String contentTypeHeader) {
    if (contentTypeHeader == null) {
      return null;
    }
    String media = contentTypeHeader.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    switch (media) {
      case "application/x-protobuf":
      case "application/protobuf":
        return PROTOBUF;
      case "application/json":
        return JSON;
      default:
        return null;
    }
  }
}
