package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.junit.S3Extension;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class S3RoundTripIT {
  @RegisterExtension static final S3Extension S3 = S3Extension.shared();

  @Test
  void minioClientCreatesWritesListsAndReadsBack() throws Exception {
    MinioClient client = S3.client();
    String bucket = S3.newBucket();
    assertThat(client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())).isTrue();

    for (String key : List.of("logs/dt=2026-11-26/hour=08/a.avro", "logs/dt=2026-11-26/b.avro")) {
      byte[] body = key.getBytes();
      client.putObject(
          PutObjectArgs.builder().bucket(bucket).object(key).stream(
                  new ByteArrayInputStream(body), body.length, -1)
              .build());
    }

    List<String> keys = new ArrayList<>();
    for (Result<Item> item :
        client.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix("logs/").recursive(true).build())) {
      keys.add(item.get().objectName());
    }
    assertThat(keys)
        .containsExactlyInAnyOrder(
            "logs/dt=2026-11-26/hour=08/a.avro", "logs/dt=2026-11-26/b.avro");

    try (GetObjectResponse in =
        client.getObject(
            GetObjectArgs.builder().bucket(bucket).object("logs/dt=2026-11-26/b.avro").build())) {
      assertThat(new String(in.readAllBytes())).isEqualTo("logs/dt=2026-11-26/b.avro");
    }
  }

  @Test
  void multipartUploadOverFiveMebibytesReadsBackByteForByte() throws Exception {
    MinioClient client = S3.client();
    String bucket = S3.newBucket();
    byte[] body = new byte[13 * 1024 * 1024 + 17];
    new Random(7).nextBytes(body);

    // Unknown size with a 5 MiB part size makes the SDK upload three parts.
    client.putObject(
        PutObjectArgs.builder().bucket(bucket).object("big.bin").stream(
                new ByteArrayInputStream(body), -1, 5 * 1024 * 1024)
            .build());

    var stat = client.statObject(StatObjectArgs.builder().bucket(bucket).object("big.bin").build());
    assertThat(stat.size()).isEqualTo(body.length);
    assertThat(stat.etag()).as("multipart ETags end in -<parts>").endsWith("-3");
    try (GetObjectResponse in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object("big.bin").build())) {
      assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(body));
    }
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }
}
