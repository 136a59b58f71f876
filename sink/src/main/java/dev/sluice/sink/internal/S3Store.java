package dev.sluice.sink.internal;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import dev.sluice.sink.S3Connection;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Part;
import io.minio.messages.Upload;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * The S3 calls the sink makes, on the MinIO SDK's async client (whose low-level multipart calls are
 * public), each retried by a {@link Retrier}.
 *
 * <p>Guarantees: deleting or aborting what is already gone is a success; completing an upload that
 * is already complete is a success when the object exists; messages never carry credentials. A
 * store owns its client: {@link #close()} ends the client's HTTP threads and connections, so a
 * writer or committer that Flink closes (on every failover and restart) leaves no thread behind.
 */
public final class S3Store implements AutoCloseable {
  /** The smallest part S3 accepts, except for the last part of an upload. */
  public static final int MIN_PART_SIZE = 5 << 20;

  private final MinioAsyncClient client;
  private final String bucket;
  private final String region;
  private final Retrier retrier;

  /** A store for {@code bucket} over a new client for {@code connection}. */
  public S3Store(S3Connection connection, String bucket, Retrier retrier) {
    this(newClient(connection), bucket, connection.region(), retrier);
  }

  S3Store(MinioAsyncClient client, String bucket, String region, Retrier retrier) {
    this.client = client;
    this.bucket = bucket;
    this.region = region;
    this.retrier = retrier;
  }

  /** A MinIO async client for {@code connection}. */
  public static MinioAsyncClient newClient(S3Connection connection) {
    String[] keys = connection.resolveCredentials();
    long timeout = connection.requestTimeout().toMillis();
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout, TimeUnit.MILLISECONDS)
            .readTimeout(timeout, TimeUnit.MILLISECONDS)
            .writeTimeout(timeout, TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false)
            .build();
    MinioAsyncClient client =
        MinioAsyncClient.builder()
            .endpoint(connection.endpoint())
            .credentials(keys[0], keys[1])
            .region(connection.region())
            .httpClient(http, true)
            .build();
    if (connection.pathStyle()) {
      client.disableVirtualStyleEndpoint();
    } else {
      client.enableVirtualStyleEndpoint();
    }
    return client;
  }

  /**
   * Closes the client: its OkHttp dispatcher threads end and pooled connections are evicted. Safe
   * to call more than once.
   */
  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the S3 client failed", e);
    }
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The client, for bucket setup. */
  MinioAsyncClient client() {
    return client;
  }

  /** Retries of this store. */
  Retrier retrier() {
    return retrier;
  }

  /** Creates the bucket if it does not exist; another writer creating it first is fine. */
  public void ensureBucket() throws IOException {
    retrier.run(
        "create bucket " + bucket,
        () -> {
          if (client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()).get()) {
            return null;
          }
          try {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build()).get();
          } catch (Exception e) {
            String code = S3Failures.code(e);
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
              throw e;
            }
          }
          return null;
        });
  }

  /** Starts a multipart upload and returns its id. */
  public String createUpload(String key) throws IOException {
    return retrier.run(
        "start upload of " + key,
        () ->
            client
                .createMultipartUploadAsync(bucket, region, key, contentType(), null)
                .get()
                .result()
                .uploadId());
  }

  /** Uploads {@code length} bytes of {@code data} as part {@code number}; returns the part. */
  public UploadedPart uploadPart(String key, String uploadId, int number, byte[] data, int length)
      throws IOException {
    byte[] exact = length == data.length ? data : Arrays.copyOf(data, length);
    String etag =
        retrier.run(
            "upload part " + number + " of " + key,
            () ->
                client
                    .uploadPartAsync(
                        bucket, region, key, exact, exact.length, uploadId, number, null, null)
                    .get()
                    .etag());
    return new UploadedPart(number, etag);
  }

  /**
   * Completes an upload, making {@code key} visible. Completing an upload that is already complete
   * succeeds when the object exists.
   *
   * @throws S3OperationException with code {@code NoSuchUpload} when the upload is gone and the
   *     object does not exist (aborted by someone else, or expired by a lifecycle rule)
   */
  public void complete(String key, String uploadId, List<UploadedPart> parts) throws IOException {
    Part[] s3Parts = parts.stream().map(p -> new Part(p.number(), p.etag())).toArray(Part[]::new);
    String what = "complete upload of " + key;
    try {
      retrier.run(
          what,
          () ->
              client
                  .completeMultipartUploadAsync(bucket, region, key, uploadId, s3Parts, null, null)
                  .get());
    } catch (S3OperationException e) {
      if ("NoSuchUpload".equals(e.code()) && exists(key)) {
        return; // completed before: committing twice is a success
      }
      throw e;
    }
  }

  /** Aborts an upload; an upload already gone is fine. */
  public void abort(String key, String uploadId) throws IOException {
    try {
      retrier.run(
          "abort upload of " + key,
          () -> client.abortMultipartUploadAsync(bucket, region, key, uploadId, null, null).get());
    } catch (S3OperationException e) {
      if (!"NoSuchUpload".equals(e.code())) {
        throw e;
      }
    }
  }

  /** Whether an object exists. */
  public boolean exists(String key) throws IOException {
    try {
      retrier.run(
          "look up " + key,
          () ->
              client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).get());
      return true;
    } catch (S3OperationException e) {
      if ("NoSuchKey".equals(e.code()) || "NoSuchObject".equals(e.code())) {
        return false;
      }
      throw e;
    }
  }

  /** Writes a whole object (used for temporary objects only: it is visible at once). */
  public void put(String key, byte[] data, int length) throws IOException {
    put(key, data, 0, length);
  }

  /** Writes {@code length} bytes of {@code data} from {@code offset} as a whole object. */
  public void put(String key, byte[] data, int offset, int length) throws IOException {
    retrier.run(
        "write " + key,
        () ->
            client
                .putObject(
                    PutObjectArgs.builder().bucket(bucket).object(key).stream(
                            new ByteArrayInputStream(data, offset, length), length, -1)
                        .build())
                .get());
  }

  /** Reads a whole object. */
  public byte[] get(String key) throws IOException {
    return retrier.run(
        "read " + key,
        () -> {
          try (GetObjectResponse in =
              client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()).get()) {
            return in.readAllBytes();
          }
        });
  }

  /** Deletes an object; one already gone is fine. */
  public void delete(String key) throws IOException {
    retrier.run(
        "delete " + key,
        () ->
            client
                .removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build())
                .get());
  }

  /**
   * Deletes objects with multi-object delete requests (up to 1000 keys each); keys already gone are
   * fine.
   */
  public void deleteAll(List<String> keys) throws IOException {
    for (int from = 0; from < keys.size(); from += 1000) {
      List<DeleteObject> batch =
          keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
              .map(DeleteObject::new)
              .toList();
      retrier.run(
          "delete " + batch.size() + " temporary objects",
          () -> {
            for (Result<DeleteError> r :
                client.removeObjects(
                    RemoveObjectsArgs.builder().bucket(bucket).objects(batch).build())) {
              DeleteError error = r.get();
              if (!"NoSuchKey".equals(error.code())) {
                throw new IllegalStateException( // refused, not unreachable: do not retry
                    "delete " + error.objectName() + ": " + error.code() + " " + error.message());
              }
            }
            return null;
          });
    }
  }

  /** Keys of all objects under {@code prefix}. */
  public List<String> listKeys(String prefix) throws IOException {
    return retrier.run(
        "list " + prefix,
        () -> {
          List<String> keys = new ArrayList<>();
          for (Result<Item> r :
              client.listObjects(
                  ListObjectsArgs.builder()
                      .bucket(bucket)
                      .prefix(prefix)
                      .recursive(true)
                      .build())) {
            keys.add(r.get().objectName());
          }
          return keys;
        });
  }

  /** Multipart uploads in progress under {@code prefix}, as (key, upload id). */
  public List<InProgressUpload> listUploads(String prefix) throws IOException {
    return retrier.run(
        "list uploads under " + prefix,
        () -> {
          List<InProgressUpload> uploads = new ArrayList<>();
          String keyMarker = null;
          String idMarker = null;
          while (true) {
            ListMultipartUploadsResult page =
                client
                    .listMultipartUploadsAsync(
                        bucket, region, null, null, keyMarker, 1000, prefix, idMarker, null, null)
                    .get()
                    .result();
            for (Upload u : page.uploads()) {
              uploads.add(new InProgressUpload(u.objectName(), u.uploadId()));
            }
            if (!page.isTruncated()) {
              return uploads;
            }
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextUploadIdMarker();
          }
        });
  }

  /** A multipart upload in progress. */
  public record InProgressUpload(String key, String uploadId) {}

  private static Multimap<String, String> contentType() {
    Multimap<String, String> headers = HashMultimap.create();
    headers.put("Content-Type", "application/avro");
    return headers;
  }
}
