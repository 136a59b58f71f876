package dev.sluice.local.junit;

import dev.sluice.local.EmbeddedS3;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a real S3-compatible server on loopback and a MinIO client for it.
 *
 * <pre>{@code
 * @RegisterExtension static final S3Extension S3 = S3Extension.shared();
 * ...
 * String bucket = S3.newBucket();
 * }</pre>
 *
 * <p>{@link #shared()} reuses one server for every test class in the JVM, so use a {@link
 * #newBucket fresh bucket} per test. {@link #dedicated()} starts a server for this class alone, for
 * tests that stop and restart it.
 */
public final class S3Extension implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(S3Extension.class);
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private final boolean shared;
  private EmbeddedS3 server;

  private S3Extension(boolean shared) {
    this.shared = shared;
  }

  /** One server for the whole test run. */
  public static S3Extension shared() {
    return new S3Extension(true);
  }

  /** A server of this test class's own, which it may stop and restart. */
  public static S3Extension dedicated() {
    return new S3Extension(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (shared) {
      server =
          context
              .getRoot()
              .getStore(NAMESPACE)
              .getOrComputeIfAbsent("server", k -> EmbeddedS3.start(), EmbeddedS3.class);
    } else {
      server = EmbeddedS3.start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!shared && server != null) {
      server.close();
    }
  }

  /** The server. */
  public EmbeddedS3 server() {
    if (server == null) {
      throw new IllegalStateException("register S3Extension as a static @RegisterExtension");
    }
    return server;
  }

  /** {@code http://127.0.0.1:port}. */
  public String endpoint() {
    return server().endpoint();
  }

  /** The access key. */
  public String accessKey() {
    return EmbeddedS3.ACCESS_KEY;
  }

  /** The secret key. */
  public String secretKey() {
    return EmbeddedS3.SECRET_KEY;
  }

  /** A MinIO client for the server (path-style, region {@value EmbeddedS3#REGION}). */
  public MinioClient client() {
    return MinioClient.builder()
        .endpoint(endpoint())
        .credentials(accessKey(), secretKey())
        .region(EmbeddedS3.REGION)
        .build();
  }

  /** Creates a bucket with a name no other test uses and returns that name. */
  public String newBucket() {
    String name =
        "test-" + BUCKETS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      client().makeBucket(MakeBucketArgs.builder().bucket(name).region(EmbeddedS3.REGION).build());
    } catch (Exception e) {
      throw new IllegalStateException("cannot create bucket " + name + " on " + endpoint(), e);
    }
    return name;
  }
}
