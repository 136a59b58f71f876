package dev.sluice.sink.internal;

import java.util.Objects;

/**
 * One uploaded part of a multipart upload: its number (from 1) and the ETag S3 returned, which
 * completing the upload needs.
 */
public record UploadedPart(int number, String etag) {
  /** Checks the fields. */
  public UploadedPart {
    Objects.requireNonNull(etag, "etag");
    if (number < 1 || number > 10_000) {
      throw new IllegalArgumentException("part number must be 1..10000, got " + number);
    }
  }
}
