package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.BucketExistsArgs;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class LocalStackIT {
  @Test
  void startsTopicsAndBucketAndReleasesItsPortsOnClose() throws Exception {
    LocalStack.Options options =
        new LocalStack.Options(null, 0, 0, EmbeddedS3.Storage.MEMORY, "sluice", 2, false, 1, 0);
    int kafkaPort;
    int s3Port;
    java.nio.file.Path dataDir;
    try (LocalStack stack = LocalStack.start(options)) {
      dataDir = stack.dataDir();
      assertThat(dataDir).isDirectory();
      kafkaPort = stack.kafka().port();
      s3Port = stack.s3().port();
      try (Admin admin = stack.kafka().admin()) {
        Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        assertThat(topics).containsAll(LocalStack.TOPICS);
      }
      assertThat(
              LocalStack.minioClient(stack.s3())
                  .bucketExists(BucketExistsArgs.builder().bucket("sluice").build()))
          .isTrue();
    }
    assertThat(accepts(kafkaPort)).as("Kafka port closed").isFalse();
    assertThat(accepts(s3Port)).as("S3 port closed").isFalse();
    assertThat(dataDir).as("temporary data deleted").doesNotExist();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
