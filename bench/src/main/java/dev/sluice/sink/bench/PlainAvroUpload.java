package dev.sluice.sink.bench;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import dev.sluice.model.LogEvent;
import dev.sluice.sink.internal.S3Failures;
import io.minio.MinioAsyncClient;
import io.minio.messages.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The sink's work done plainly in one loop, the physical limit for it: the same records, split into
 * the same files (one per service and hour, which is what the sink's partitioner makes of the
 * benchmark's events), encoded by Avro's stock {@link DataFileWriter} (same schema, same codec and
 * level, Avro's default block size, as the sink) into a memory buffer, and sent as a MinIO
 * multipart upload with parts of the sink's part size, each part uploaded as soon as the buffer
 * holds one, the last at the end; then every upload is completed.
 *
 * <p>No checkpoints, no temporary objects, no retries, no state, no partition paths: what is left
 * of the sink's ratio to this loop is the cost of its guarantees and of its own code.
 */
final class PlainAvroUpload {
  private final MinioAsyncClient client;
  private final String bucket;
  private final String region;
  private final CodecFactory codec;
  private final int partSize;

  PlainAvroUpload(
      MinioAsyncClient client, String bucket, String region, CodecFactory codec, int partSize) {
    this.client = client;
    this.bucket = bucket;
    this.region = region;
    this.codec = codec;
    this.partSize = partSize;
  }

  /** Writes {@code events} under {@code prefix}; returns the keys of the files written. */
  List<String> write(String prefix, List<LogEvent> events) throws IOException {
    SpecificDatumWriter<LogEvent> datumWriter =
        new SpecificDatumWriter<>(LogEvent.getClassSchema());
    Map<FileKey, File> files = new HashMap<>();
    for (LogEvent e : events) {
      FileKey name = new FileKey(e.getEventTime().getEpochSecond() / 3_600L, e.getService());
      File file = files.get(name);
      if (file == null) {
        file = new File(prefix + name.hour() + "-" + name.service() + ".avro", datumWriter);
        files.put(name, file);
      }
      file.append(e);
    }
    List<String> keys = new ArrayList<>();
    for (File file : files.values()) {
      file.finish();
      keys.add(file.key);
    }
    return keys;
  }

  /** The hour and service of a file. */
  private record FileKey(long hour, String service) {}

  /** One file: a DataFileWriter over a buffer that is uploaded part by part. */
  private final class File {
    private final String key;
    private final Buffer buffer = new Buffer();
    private final DataFileWriter<LogEvent> avro;
    private final List<Part> parts = new ArrayList<>();
    private String uploadId;

    File(String key, SpecificDatumWriter<LogEvent> datumWriter) throws IOException {
      this.key = key;
      this.avro = new DataFileWriter<>(datumWriter).setCodec(codec);
      avro.create(LogEvent.getClassSchema(), buffer);
    }

    void append(LogEvent e) throws IOException {
      avro.append(e);
      if (buffer.size() >= partSize) {
        uploadPart();
      }
    }

    void finish() throws IOException {
      avro.close();
      uploadPart();
      call(
          () ->
              client
                  .completeMultipartUploadAsync(
                      bucket, region, key, uploadId, parts.toArray(Part[]::new), null, null)
                  .get());
    }

    private void uploadPart() throws IOException {
      if (uploadId == null) {
        Multimap<String, String> headers = HashMultimap.create();
        headers.put("Content-Type", "application/avro");
        uploadId =
            call(
                () ->
                    client
                        .createMultipartUploadAsync(bucket, region, key, headers, null)
                        .get()
                        .result()
                        .uploadId());
      }
      byte[] bytes = Arrays.copyOf(buffer.array(), buffer.size());
      int number = parts.size() + 1;
      String etag =
          call(
              () ->
                  client
                      .uploadPartAsync(
                          bucket, region, key, bytes, bytes.length, uploadId, number, null, null)
                      .get()
                      .etag());
      parts.add(new Part(number, etag));
      buffer.reset();
    }
  }

  private interface S3Call<V> {
    V call() throws Exception;
  }

  private static <V> V call(S3Call<V> call) throws IOException {
    try {
      return call.call();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (Exception e) {
      throw new IOException("plain upload failed: " + S3Failures.describe(e), e);
    }
  }

  /** A ByteArrayOutputStream whose array can be read without a copy. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(1 << 20);
    }

    byte[] array() {
      return buf;
    }
  }
}
