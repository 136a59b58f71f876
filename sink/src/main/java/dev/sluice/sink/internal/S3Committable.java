package dev.sluice.sink.internal;

import java.util.List;
import java.util.Objects;

/**
 * What the committer does once a checkpoint completes: complete one multipart upload (making one
 * part file visible) and delete temporary objects that checkpoint made obsolete.
 *
 * <p>It carries everything needed to finish after a restart: bucket, key, upload id and the parts
 * with their ETags. A committable with no upload only deletes temporary objects. Committing twice
 * is a success (see {@link S3Committer}).
 *
 * @param bucket the bucket
 * @param key the part file's final key, or null for a cleanup-only committable
 * @param uploadId the multipart upload id, or null for a cleanup-only committable
 * @param parts the parts to complete the upload with, in order
 * @param tempKeysToDelete temporary objects under {@code _sluice/} to delete after the commit
 */
public record S3Committable(
    String bucket,
    String key,
    String uploadId,
    List<UploadedPart> parts,
    List<String> tempKeysToDelete) {

  /** Checks and copies the fields. */
  public S3Committable {
    Objects.requireNonNull(bucket, "bucket");
    parts = List.copyOf(parts);
    tempKeysToDelete = List.copyOf(tempKeysToDelete);
    if ((key == null) != (uploadId == null)) {
      throw new IllegalArgumentException("key and uploadId are both set or both null");
    }
    if (uploadId != null && parts.isEmpty()) {
      throw new IllegalArgumentException("an upload to complete needs at least one part: " + key);
    }
  }

  /** A committable that completes an upload. */
  public static S3Committable complete(
      String bucket, String key, String uploadId, List<UploadedPart> parts, List<String> temps) {
    return new S3Committable(bucket, key, uploadId, parts, temps);
  }

  /** A committable that only deletes obsolete temporary objects. */
  public static S3Committable cleanup(String bucket, List<String> temps) {
    return new S3Committable(bucket, null, null, List.of(), temps);
  }

  /** Whether this completes an upload. */
  public boolean hasUpload() {
    return uploadId != null;
  }
}
