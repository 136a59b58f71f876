package dev.sluice.sink.internal;

import dev.sluice.sink.PartFilePath;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.io.DatumWriter;

/**
 * One open Avro part file, written as a multipart upload to its final key.
 *
 * <p>Records go through Avro's {@link DataFileWriter} into a memory buffer; whenever the buffer
 * holds a full part it is uploaded. At a checkpoint the current block is ended, a full part is
 * uploaded if there is one, and the smaller remainder is saved in a temporary object under {@code
 * _sluice/tmp/}, so the file can stay open across checkpoints and its state stays small. Closing
 * uploads the remainder as the last part and yields a committable; nothing is visible until the
 * committer completes the upload.
 *
 * <p>Not thread-safe: used by one writer thread.
 */
final class PartFile<T> {
  private final PartFilePath path;
  private final String key;
  private final S3Store store;
  private final int partSize;
  private final GrowableBuffer buffer;
  private final DataFileWriter<T> avro;
  private final byte[] header;
  private final Instant openedAt;

  private String uploadId;
  private final List<UploadedPart> parts;
  private long bytesUploaded;
  private long records;
  private Instant lastWriteAt;
  private String tempKey;
  private long remainderLength;
  private int tempCounter;
  private boolean dirty;

  private PartFile(
      PartFilePath path,
      S3Store store,
      int partSize,
      GrowableBuffer buffer,
      DataFileWriter<T> avro,
      byte[] header,
      Instant openedAt) {
    this.path = path;
    this.key = path.toKey();
    this.store = store;
    this.partSize = partSize;
    this.buffer = buffer;
    this.avro = avro;
    this.header = header;
    this.openedAt = openedAt;
    this.lastWriteAt = openedAt;
    this.parts = new ArrayList<>();
  }

  /** Opens a new, empty part file (nothing is sent to S3 yet). */
  static <T> PartFile<T> open(
      PartFilePath path,
      S3Store store,
      int partSize,
      Schema schema,
      DatumWriter<T> datumWriter,
      CodecFactory codec,
      Instant now)
      throws IOException {
    GrowableBuffer buffer = new GrowableBuffer(64 << 10);
    DataFileWriter<T> avro = new DataFileWriter<>(datumWriter);
    avro.setCodec(codec);
    avro.setFlushOnEveryBlock(false);
    avro.create(schema, buffer);
    avro.flush();
    byte[] header = buffer.toByteArray();
    return new PartFile<>(path, store, partSize, buffer, avro, header, now);
  }

  /** Reopens a file from a checkpoint: reads its remainder back and continues after it. */
  static <T> PartFile<T> restore(
      OpenFileState state, S3Store store, int partSize, DatumWriter<T> datumWriter)
      throws IOException {
    GrowableBuffer buffer = new GrowableBuffer(64 << 10);
    if (state.tempKey() != null) {
      byte[] remainder = store.get(state.tempKey());
      if (remainder.length != state.remainderLength()) {
        throw new IOException(
            "temporary object "
                + state.tempKey()
                + " holds "
                + remainder.length
                + " bytes, the checkpoint expects "
                + state.remainderLength()
                + ": it was changed by something else; restore from an earlier checkpoint");
      }
      buffer.write(remainder);
    }
    DataFileWriter<T> avro = new DataFileWriter<>(datumWriter);
    avro.setFlushOnEveryBlock(false);
    avro.appendTo(new SeekableByteArrayInput(state.header()), buffer);
    PartFile<T> file =
        new PartFile<>(
            state.path(),
            store,
            partSize,
            buffer,
            avro,
            state.header(),
            Instant.ofEpochMilli(state.openedAtMillis()));
    file.uploadId = state.uploadId();
    file.parts.addAll(state.parts());
    file.bytesUploaded = state.bytesUploaded();
    file.records = state.records();
    file.lastWriteAt = Instant.ofEpochMilli(state.lastWriteAtMillis());
    file.tempKey = state.tempKey();
    file.remainderLength = state.remainderLength();
    file.tempCounter = state.tempCounter();
    return file;
  }

  PartFilePath path() {
    return path;
  }

  String key() {
    return key;
  }

  String uploadId() {
    return uploadId;
  }

  long records() {
    return records;
  }

  Instant openedAt() {
    return openedAt;
  }

  Instant lastWriteAt() {
    return lastWriteAt;
  }

  /** Bytes stored so far (uploaded plus buffered; the block Avro is filling is not counted). */
  long size() {
    return bytesUploaded + buffer.size();
  }

  /** Appends a record, uploading a part when the buffer holds one. */
  void append(T record, Instant now) throws IOException {
    avro.append(record);
    records++;
    lastWriteAt = now;
    dirty = true;
    if (buffer.size() >= partSize) {
      uploadBuffer();
    }
  }

  /**
   * Makes the file's bytes so far durable for a checkpoint without finishing it.
   *
   * @return the temporary object this made obsolete (to delete once the checkpoint completes), or
   *     null
   */
  String checkpoint() throws IOException {
    if (!dirty) {
      return null;
    }
    dirty = false;
    avro.flush();
    if (buffer.size() >= S3Store.MIN_PART_SIZE) {
      uploadBuffer();
    }
    String obsolete = tempKey;
    if (buffer.size() > 0) {
      tempCounter++;
      String newTemp = TempKeys.remainder(path, tempCounter);
      store.put(newTemp, buffer.array(), buffer.size());
      tempKey = newTemp;
      remainderLength = buffer.size();
    } else {
      tempKey = null;
      remainderLength = 0;
    }
    return obsolete;
  }

  /**
   * Finishes the file: uploads the rest as the last part.
   *
   * @return the committable that makes it visible, which also deletes its temporary object
   */
  S3Committable close() throws IOException {
    avro.close();
    if (buffer.size() > 0 || parts.isEmpty()) {
      uploadBuffer();
    }
    List<String> temps = tempKey == null ? List.of() : List.of(tempKey);
    return S3Committable.complete(store.bucket(), key, uploadId, parts, temps);
  }

  /** Drops memory without touching S3 (on shutdown; a restore continues from the checkpoint). */
  void discard() {
    try {
      avro.close();
    } catch (IOException | RuntimeException ignored) {
      // the buffer is in memory; nothing to release on S3
    }
    buffer.clear(0);
  }

  /** The state a restore needs; valid right after {@link #checkpoint()}. */
  OpenFileState state() {
    return new OpenFileState(
        path,
        uploadId,
        parts,
        header,
        tempKey,
        remainderLength,
        tempCounter,
        records,
        bytesUploaded,
        openedAt.toEpochMilli(),
        lastWriteAt.toEpochMilli());
  }

  private void uploadBuffer() throws IOException {
    if (uploadId == null) {
      uploadId = store.createUpload(key);
    }
    int number = parts.size() + 1;
    parts.add(store.uploadPart(key, uploadId, number, buffer.array(), buffer.size()));
    bytesUploaded += buffer.size();
    buffer.clear(partSize + (1 << 20));
  }

  @Override
  public String toString() {
    return key + " (" + records + " records, " + size() + " bytes, " + parts.size() + " parts)";
  }
}
