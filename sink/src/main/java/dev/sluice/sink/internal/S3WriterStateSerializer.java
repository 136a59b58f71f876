package dev.sluice.sink.internal;

import dev.sluice.model.layout.PartFilePath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned serializer of {@link S3WriterState}.
 *
 * <ul>
 *   <li>Version 1: an open file's remainder is one temporary object (or none).
 *   <li>Version 2 (current): a list of temporary objects, each holding what one checkpoint added.
 * </ul>
 *
 * <p>Every version ever written is read back; an unknown one fails with a clear message.
 */
public final class S3WriterStateSerializer implements SimpleVersionedSerializer<S3WriterState> {
  /** The version {@link #serialize} writes. */
  public static final int VERSION = 2;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(S3WriterState s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(s.jobId());
      out.writeLong(s.generation());
      out.writeInt(s.subtask());
      out.writeInt(s.parallelism());
      out.writeLong(s.nextSequence());
      out.writeInt(s.openFiles().size());
      for (OpenFileState f : s.openFiles()) {
        out.writeUTF(f.path().toKey());
        writeNullable(out, f.uploadId());
        S3CommittableSerializer.writeParts(out, f.parts());
        out.writeInt(f.header().length);
        out.write(f.header());
        S3CommittableSerializer.writeStrings(out, f.tempKeys());
        out.writeLong(f.remainderLength());
        out.writeInt(f.tempCounter());
        out.writeLong(f.records());
        out.writeLong(f.bytesUploaded());
        out.writeLong(f.openedAtMillis());
        out.writeLong(f.lastWriteAtMillis());
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public S3WriterState deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1 && version != 2) {
      throw new IOException(
          "unknown S3 writer state version "
              + version
              + " (this build reads 1.."
              + VERSION
              + "): restore with the Sluice version that took the checkpoint or newer");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      String jobId = in.readUTF();
      long generation = in.readLong();
      int subtask = in.readInt();
      int parallelism = in.readInt();
      long nextSequence = in.readLong();
      int n = in.readInt();
      List<OpenFileState> files = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        PartFilePath path = PartFilePath.parse(in.readUTF());
        String uploadId = readNullable(in);
        List<UploadedPart> parts = S3CommittableSerializer.readParts(in);
        byte[] header = new byte[in.readInt()];
        in.readFully(header);
        files.add(
            new OpenFileState(
                path,
                uploadId,
                parts,
                header,
                version == 1 ? optional(readNullable(in)) : S3CommittableSerializer.readStrings(in),
                in.readLong(),
                in.readInt(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong()));
      }
      return new S3WriterState(jobId, generation, subtask, parallelism, nextSequence, files);
    }
  }

  private static List<String> optional(String key) {
    return key == null ? List.of() : List.of(key);
  }

  /** Writes the version 1 form of a state whose files have at most one temporary object. */
  static byte[] serializeV1(S3WriterState s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(s.jobId());
      out.writeLong(s.generation());
      out.writeInt(s.subtask());
      out.writeInt(s.parallelism());
      out.writeLong(s.nextSequence());
      out.writeInt(s.openFiles().size());
      for (OpenFileState f : s.openFiles()) {
        out.writeUTF(f.path().toKey());
        writeNullable(out, f.uploadId());
        S3CommittableSerializer.writeParts(out, f.parts());
        out.writeInt(f.header().length);
        out.write(f.header());
        if (f.tempKeys().size() > 1) {
          throw new IOException("version 1 holds at most one temporary object per file");
        }
        writeNullable(out, f.tempKeys().isEmpty() ? null : f.tempKeys().get(0));
        out.writeLong(f.remainderLength());
        out.writeInt(f.tempCounter());
        out.writeLong(f.records());
        out.writeLong(f.bytesUploaded());
        out.writeLong(f.openedAtMillis());
        out.writeLong(f.lastWriteAtMillis());
      }
    }
    return bytes.toByteArray();
  }

  private static void writeNullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readNullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
