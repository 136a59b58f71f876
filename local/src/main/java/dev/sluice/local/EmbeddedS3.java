package dev.sluice.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3-compatible HTTP server (S3Proxy, standing in for MinIO) inside this JVM, on a loopback
 * port, with fixed credentials and path-style addressing.
 *
 * <p>Guarantees: objects live in a directory on disk ({@link Storage#DISK}) or in memory ({@link
 * Storage#MEMORY}). {@link #stop()} and {@link #restart()} keep the port and, on disk, the objects,
 * so tests can take the server away and bring it back.
 */
public final class EmbeddedS3 implements AutoCloseable {
  /** Where the objects are kept. */
  public enum Storage {
    DISK,
    MEMORY
  }

  /** Access key of the embedded server. Not a secret: it only guards a loopback test server. */
  public static final String ACCESS_KEY = "sluice";

  /** Secret key of the embedded server. Not a secret: it only guards a loopback test server. */
  public static final String SECRET_KEY = "sluice-secret";

  /** The region clients should name. */
  public static final String REGION = "us-east-1";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int port;
  private final BlobStore blobStore;
  private S3Proxy proxy;

  private EmbeddedS3(Path dataDir, boolean deleteOnClose, int port, BlobStore blobStore) {
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.port = port;
    this.blobStore = blobStore;
  }

  /** Starts a server on a free port that keeps objects in a new temporary directory. */
  public static EmbeddedS3 start() {
    try {
      return start(Storage.DISK, Files.createTempDirectory("sluice-s3-"), true, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a server.
   *
   * @param storage disk or memory
   * @param dataDir the directory for {@link Storage#DISK}; ignored for memory
   * @param deleteOnClose whether {@link #close()} deletes {@code dataDir}
   * @param port the port, or 0 for a free one
   */
  public static EmbeddedS3 start(Storage storage, Path dataDir, boolean deleteOnClose, int port) {
    Properties props = new Properties();
    String provider;
    if (storage == Storage.DISK) {
      try {
        Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create S3 data directory " + dataDir, e);
      }
      provider = "filesystem-nio2";
      props.setProperty("jclouds.filesystem.basedir", dataDir.toString());
    } else {
      provider = "transient-nio2";
    }
    BlobStore blobStore = BlobStores.create(provider, props);
    EmbeddedS3 s3 =
        new EmbeddedS3(
            dataDir,
            deleteOnClose && storage == Storage.DISK,
            port == 0 ? FreePorts.next() : port,
            blobStore);
    s3.startServer();
    return s3;
  }

  /** {@code http://127.0.0.1:port}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The port. */
  public int port() {
    return port;
  }

  /** Whether the server is accepting requests now. */
  public synchronized boolean isRunning() {
    return proxy != null;
  }

  /** Stops answering requests, keeping the port and the objects. */
  public synchronized void stop() {
    if (proxy != null) {
      LOG.info("stopping S3 server on {}", endpoint());
      try {
        proxy.stop();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop S3 server", e);
      }
      proxy = null;
    }
  }

  /** Starts answering again on the same port with the same objects. */
  public synchronized void restart() {
    stop();
    startServer();
  }

  @Override
  public void close() {
    stop();
    if (deleteOnClose) {
      Directories.deleteRecursively(dataDir);
    }
  }

  private synchronized void startServer() {
    S3Proxy server =
        S3Proxy.builder()
            .blobStore(blobStore)
            .endpoint(URI.create(endpoint()))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .ignoreUnknownHeaders(true)
            .stopTimeout(0)
            .build();
    try {
      server.start(); // returns once Jetty is listening
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start S3 server on " + endpoint(), e);
    }
    proxy = server;
    LOG.info("S3 server up on {}", endpoint());
  }
}
