package dev.sluice.sink.internal;

import dev.sluice.model.layout.PartFilePath;
import java.util.List;
import java.util.Objects;

/**
 * A part file that was open at a checkpoint, as kept in the writer's state: enough to continue
 * writing it after a restore.
 *
 * <p>The file's bytes are: the uploaded parts of its multipart upload, then the remainder stored in
 * the temporary objects {@code tempKeys}, concatenated in order ({@code remainderLength} bytes in
 * all; each checkpoint adds only what was written since the one before). {@code header} is the Avro
 * container header (schema, codec, sync marker) so appending can continue with the same sync
 * marker.
 *
 * @param path the part file
 * @param uploadId the multipart upload, or null when no part was uploaded yet
 * @param parts uploaded parts
 * @param header the Avro header bytes
 * @param tempKeys temporary objects holding the remainder, in order; empty when there is none
 * @param remainderLength bytes in the temporary object
 * @param tempCounter how many temporary objects this file has written (names the next one)
 * @param records records written so far
 * @param bytesUploaded bytes in the uploaded parts
 * @param openedAtMillis when the file was opened (epoch millis)
 * @param lastWriteAtMillis when a record was last written (epoch millis)
 */
public record OpenFileState(
    PartFilePath path,
    String uploadId,
    List<UploadedPart> parts,
    byte[] header,
    List<String> tempKeys,
    long remainderLength,
    int tempCounter,
    long records,
    long bytesUploaded,
    long openedAtMillis,
    long lastWriteAtMillis) {

  /** Checks and copies the fields. */
  public OpenFileState {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(header, "header");
    parts = List.copyOf(parts);
    tempKeys = List.copyOf(tempKeys);
    if (uploadId == null && !parts.isEmpty()) {
      throw new IllegalArgumentException("parts without an upload id for " + path.toKey());
    }
    if (tempKeys.isEmpty() != (remainderLength == 0)) {
      throw new IllegalArgumentException(
          "a remainder needs a temporary object and the other way round, for " + path.toKey());
    }
  }
}
