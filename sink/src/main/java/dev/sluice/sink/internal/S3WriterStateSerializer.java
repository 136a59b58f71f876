package dev.sluice.sink.internal;

import dev.sluice.sink.PartFilePath;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned serializer of {@link S3WriterState}. Version 1 is the only version so far; the version
 * number is checked so a newer checkpoint fails with a clear message instead of garbage.
 */
public final class S3WriterStateSerializer implements SimpleVersionedSerializer<S3WriterState> {
  /** The version {@link #serialize} writes. */
  public static final int VERSION = 1;

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
        writeNullable(out, f.tempKey());
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
    if (version != 1) {
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
                readNullable(in),
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
