package dev.sluice.local;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/**
 * The whole single-machine stack: a Kafka broker with Sluice's topics, an S3 server with Sluice's
 * bucket and, optionally, a Flink MiniCluster. Used by {@code sluice stack}, {@code sluice demo}
 * and {@code sluice run}.
 *
 * <p>Guarantees: after {@link #start} returns, the topics and the bucket exist; {@link #close()}
 * stops everything it started, Flink first, and deletes temporary data.
 */
public final class LocalStack implements AutoCloseable {
  /** The topics Sluice uses. */
  public static final List<String> TOPICS = List.of("logs", "logs.rejects", "stats", "anomalies");

  private final EmbeddedKafka kafka;
  private final EmbeddedS3 s3;
  private final EmbeddedFlink flink;
  private final String bucket;
  private final Path dataDir;
  private final boolean temporary;

  private LocalStack(
      EmbeddedKafka kafka,
      EmbeddedS3 s3,
      EmbeddedFlink flink,
      String bucket,
      Path dataDir,
      boolean temporary) {
    this.kafka = kafka;
    this.s3 = s3;
    this.flink = flink;
    this.bucket = bucket;
    this.dataDir = dataDir;
    this.temporary = temporary;
  }

  /** What to start and where. */
  public record Options(
      Path dataDir,
      int kafkaPort,
      int s3Port,
      EmbeddedS3.Storage s3Storage,
      String bucket,
      int topicPartitions,
      boolean withFlink,
      int flinkSlots,
      int flinkRestPort) {}

  /** Starts the stack. On failure, whatever was started is stopped again. */
  public static LocalStack start(Options options) {
    EmbeddedKafka kafka = null;
    EmbeddedS3 s3 = null;
    EmbeddedFlink flink = null;
    boolean temporary = options.dataDir() == null;
    Path root = null;
    try {
      root =
          temporary
              ? java.nio.file.Files.createTempDirectory("sluice-stack-")
              : options.dataDir().toAbsolutePath();
      kafka = EmbeddedKafka.start(root.resolve("kafka"), temporary, options.kafkaPort());
      s3 = EmbeddedS3.start(options.s3Storage(), root.resolve("s3"), temporary, options.s3Port());
      for (String topic : TOPICS) {
        kafka.createTopic(topic, options.topicPartitions());
      }
      try (MinioClient client = minioClient(s3)) {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(options.bucket()).build())) {
          client.makeBucket(
              MakeBucketArgs.builder().bucket(options.bucket()).region(EmbeddedS3.REGION).build());
        }
      }
      if (options.withFlink()) {
        flink =
            EmbeddedFlink.start(options.flinkSlots(), options.flinkRestPort(), new Configuration());
      }
      return new LocalStack(kafka, s3, flink, options.bucket(), root, temporary);
    } catch (Exception e) {
      closeAll(flink, s3, kafka);
      if (temporary && root != null) {
        Directories.deleteRecursively(root);
      }
      if (e instanceof RuntimeException) {
        throw (RuntimeException) e;
      }
      throw new IllegalStateException("cannot start the local stack: " + e.getMessage(), e);
    }
  }

  /** A MinIO client for the embedded S3 server. */
  public static MinioClient minioClient(EmbeddedS3 s3) {
    return MinioClient.builder()
        .endpoint(s3.endpoint())
        .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)
        .region(EmbeddedS3.REGION)
        .build();
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public EmbeddedS3 s3() {
    return s3;
  }

  /** The MiniCluster, or null when the stack was started without Flink. */
  public EmbeddedFlink flink() {
    return flink;
  }

  public String bucket() {
    return bucket;
  }

  /** Where the broker's and the S3 server's data live (deleted on close when temporary). */
  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    try {
      closeAll(flink, s3, kafka);
    } finally {
      if (temporary) {
        Directories.deleteRecursively(dataDir);
      }
    }
  }

  private static void closeAll(AutoCloseable... parts) {
    RuntimeException first = null;
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        if (first == null) {
          first = new IllegalStateException("cannot stop the local stack cleanly", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
