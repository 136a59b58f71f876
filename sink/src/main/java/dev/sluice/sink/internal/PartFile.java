package dev.sluice.sink.internal;

import dev.sluice.model.layout.PartFilePath;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.SeekableByteArrayInput;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;

/**
 * One open Avro part file, written as a multipart upload to its final key.
 *
 * <p>Records go through Avro's {@link DataFileWriter} into a memory buffer; whenever the buffer
 * holds a full part it is uploaded. At a checkpoint the current block is ended, a part is uploaded
 * if the buffer holds at least S3's minimum, and otherwise the bytes written since the previous
 * checkpoint are saved as one more temporary object under {@code _sluice/tmp/}: the file stays open
 * across checkpoints, its state stays small, and no byte is written to temporary storage twice.
 * Temporary objects become obsolete once their bytes are in a part; they are deleted by the
 * committer after the next checkpoint. Closing uploads the rest as the last part and yields a
 * committable; nothing is visible until the committer completes the upload.
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
  private final List<String> tempKeys = new ArrayList<>();
  private final List<String> obsoleteTemps = new ArrayList<>();
  private long persistedLength;
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
    DataFileWriter<T> avro = newWriter(datumWriter);
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
    for (String key : state.tempKeys()) {
      buffer.write(store.get(key));
    }
    if (buffer.size() != state.remainderLength()) {
      throw new IOException(
          "temporary objects "
              + state.tempKeys()
              + " hold "
              + buffer.size()
              + " bytes, the checkpoint expects "
              + state.remainderLength()
              + ": they were changed by something else; restore from an earlier checkpoint");
    }
    DataFileWriter<T> avro = newWriter(datumWriter);
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
    file.tempKeys.addAll(state.tempKeys());
    file.persistedLength = state.remainderLength();
    file.tempCounter = state.tempCounter();
    return file;
  }

  /**
   * A DataFileWriter whose record encoder is buffered (Avro's {@code binaryEncoder}, which the
   * writer flushes before it ends each block) rather than Avro's default direct encoder, which pays
   * a stream call per field. The bytes are the same.
   */
  private static <T> DataFileWriter<T> newWriter(DatumWriter<T> datumWriter) {
    return new DataFileWriter<>(datumWriter)
        .setEncoder(out -> EncoderFactory.get().binaryEncoder(out, null));
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
   * @return temporary objects made obsolete since the last call, to delete once this checkpoint
   *     completes (the restore point before it still needs them)
   */
  List<String> checkpoint() throws IOException {
    if (dirty) {
      dirty = false;
      avro.flush();
      if (buffer.size() >= S3Store.MIN_PART_SIZE) {
        uploadBuffer();
      }
      if (buffer.size() > persistedLength) {
        tempCounter++;
        String chunk = TempKeys.remainder(path, tempCounter);
        store.put(
            chunk, buffer.array(), (int) persistedLength, buffer.size() - (int) persistedLength);
        tempKeys.add(chunk);
        persistedLength = buffer.size();
      }
    }
    List<String> obsolete = List.copyOf(obsoleteTemps);
    obsoleteTemps.clear();
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
    List<String> temps = new ArrayList<>(obsoleteTemps);
    obsoleteTemps.clear();
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

  /** The state a restore needs; describes the file as of the last {@link #checkpoint()}. */
  OpenFileState state() {
    return new OpenFileState(
        path,
        uploadId,
        parts,
        header,
        tempKeys,
        persistedLength,
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
    obsoleteTemps.addAll(tempKeys); // their bytes are in this part now
    tempKeys.clear();
    persistedLength = 0;
  }

  @Override
  public String toString() {
    return key + " (" + records + " records, " + size() + " bytes, " + parts.size() + " parts)";
  }
}
