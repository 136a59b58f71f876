package dev.sluice.sink.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned serializer of {@link S3Committable}s, which Flink keeps in checkpoints.
 *
 * <ul>
 *   <li>Version 1: bucket, key, upload id, parts. Always an upload to complete.
 *   <li>Version 2 (current): a flag for whether an upload is present, then as version 1, then the
 *       temporary objects to delete after the commit.
 * </ul>
 *
 * <p>Guarantee: every version ever written is read back; version 1 reads as a committable with no
 * temporary objects.
 */
public final class S3CommittableSerializer implements SimpleVersionedSerializer<S3Committable> {
  /** The version {@link #serialize} writes. */
  public static final int VERSION = 2;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(S3Committable c) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(c.bucket());
      out.writeBoolean(c.hasUpload());
      if (c.hasUpload()) {
        writeUpload(out, c);
      }
      writeStrings(out, c.tempKeysToDelete());
    }
    return bytes.toByteArray();
  }

  @Override
  public S3Committable deserialize(int version, byte[] serialized) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      switch (version) {
        case 1:
          {
            String bucket = in.readUTF();
            String key = in.readUTF();
            String uploadId = in.readUTF();
            return S3Committable.complete(bucket, key, uploadId, readParts(in), List.of());
          }
        case 2:
          {
            String bucket = in.readUTF();
            if (in.readBoolean()) {
              String key = in.readUTF();
              String uploadId = in.readUTF();
              List<UploadedPart> parts = readParts(in);
              return S3Committable.complete(bucket, key, uploadId, parts, readStrings(in));
            }
            return S3Committable.cleanup(bucket, readStrings(in));
          }
        default:
          throw new IOException(
              "unknown S3 committable version "
                  + version
                  + " (this build reads 1.."
                  + VERSION
                  + "): restore with the Sluice version that took the checkpoint or newer");
      }
    }
  }

  /** Writes the version 1 form; kept so tests prove old checkpoints still restore. */
  static byte[] serializeV1(S3Committable c) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(c.bucket());
      writeUpload(out, c);
    }
    return bytes.toByteArray();
  }

  private static void writeUpload(DataOutputStream out, S3Committable c) throws IOException {
    out.writeUTF(c.key());
    out.writeUTF(c.uploadId());
    writeParts(out, c.parts());
  }

  static void writeParts(DataOutputStream out, List<UploadedPart> parts) throws IOException {
    out.writeInt(parts.size());
    for (UploadedPart p : parts) {
      out.writeInt(p.number());
      out.writeUTF(p.etag());
    }
  }

  static List<UploadedPart> readParts(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<UploadedPart> parts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      parts.add(new UploadedPart(in.readInt(), in.readUTF()));
    }
    return parts;
  }

  static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      out.writeUTF(s);
    }
  }

  static List<String> readStrings(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<String> strings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      strings.add(in.readUTF());
    }
    return strings;
  }
}
