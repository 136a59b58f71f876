package dev.sluice.cli.flink;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.rest.FileUpload;
import org.apache.flink.runtime.rest.RestClient;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.MessagePathParameter;
import org.apache.flink.runtime.webmonitor.handlers.JarRunHeaders;
import org.apache.flink.runtime.webmonitor.handlers.JarRunMessageParameters;
import org.apache.flink.runtime.webmonitor.handlers.JarRunRequestBody;
import org.apache.flink.runtime.webmonitor.handlers.JarUploadHeaders;
import org.apache.flink.runtime.webmonitor.handlers.JarUploadResponseBody;

/**
 * Talks to a Flink cluster's REST API (a standalone session cluster, a session on Kubernetes or
 * YARN, or the embedded MiniCluster) with Flink's own REST client classes: uploads and runs a job
 * jar, lists jobs, stops a job with a savepoint.
 *
 * <p>Nothing from the job jar is loaded in this JVM: the cluster builds the job graph itself, so
 * the client needs no job classes and cannot clash with them.
 */
public final class FlinkClusterClient implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final URI endpoint;
  private final ExecutorService executor;
  private final RestClient rest;
  private final RestClusterClient<StandaloneClusterId> cluster;

  /**
   * Connects to the REST API at {@code http://} {@code endpoint}, e.g. {@code
   * http://127.0.0.1:8081}.
   */
  public FlinkClusterClient(URI endpoint) throws Exception {
    this(endpoint, null);
  }

  /**
   * Connects to the REST API at {@code endpoint}; an {@code https://} endpoint needs {@code
   * trustStore}, which Flink's REST client checks the JobManager's certificate against.
   */
  public FlinkClusterClient(URI endpoint, TrustStore trustStore) throws Exception {
    this.endpoint = endpoint;
    Configuration config = restConfiguration(endpoint, trustStore);
    this.executor = Executors.newFixedThreadPool(2, daemonThreads());
    this.rest = new RestClient(config, executor);
    this.cluster = new RestClusterClient<>(config, StandaloneClusterId.getInstance());
  }

  /**
   * A trust store for REST over TLS: a JKS or PKCS12 file holding the JobManager's certificate or
   * the CA that signed it. {@link #toString()} never shows the password.
   */
  public record TrustStore(Path file, String password, String type) {
    @Override
    public String toString() {
      return "TrustStore{" + file + ", " + type + ", password=***}";
    }
  }

  /**
   * Flink client configuration for {@code endpoint}: host, port, and for {@code https://} REST SSL
   * ({@link SecurityOptions#SSL_REST_ENABLED}) with the trust store.
   *
   * @throws IllegalArgumentException naming the option to set when {@code https://} comes without a
   *     trust store, or a trust store with {@code http://}
   */
  public static Configuration restConfiguration(URI endpoint, TrustStore trustStore) {
    Configuration config = new Configuration();
    config.set(RestOptions.ADDRESS, endpoint.getHost());
    config.set(RestOptions.PORT, endpoint.getPort() == -1 ? 8081 : endpoint.getPort());
    config.set(RestOptions.RETRY_MAX_ATTEMPTS, 2);
    boolean https = "https".equals(endpoint.getScheme());
    if (https && trustStore == null) {
      throw new IllegalArgumentException(
          endpoint
              + " is https: pass --flink-truststore FILE (a JKS or PKCS12 trust store with the"
              + " JobManager's certificate or its CA) and set its password in "
              + TRUSTSTORE_PASSWORD_ENV);
    }
    if (!https && trustStore != null) {
      throw new IllegalArgumentException(
          "--flink-truststore is only for an https:// Flink address, not " + endpoint);
    }
    if (https) {
      config.set(SecurityOptions.SSL_REST_ENABLED, true);
      config.set(SecurityOptions.SSL_REST_TRUSTSTORE, trustStore.file().toString());
      config.set(SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD, trustStore.password());
      config.set(SecurityOptions.SSL_REST_TRUSTSTORE_TYPE, trustStore.type());
    }
    return config;
  }

  /** Environment variable holding the password of {@code --flink-truststore}. */
  public static final String TRUSTSTORE_PASSWORD_ENV = "SLUICE_FLINK_TRUSTSTORE_PASSWORD";

  /** The cluster's REST address. */
  public URI endpoint() {
    return endpoint;
  }

  /** Uploads a jar and returns the id the cluster gave it. */
  public String uploadJar(Path jar) throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no job jar at " + jar);
    }
    JarUploadResponseBody response =
        await(
            rest.sendRequest(
                host(),
                port(),
                JarUploadHeaders.getInstance(),
                EmptyMessageParameters.getInstance(),
                EmptyRequestBody.getInstance(),
                List.of(new FileUpload(jar, "application/x-java-archive"))));
    String filename = response.getFilename();
    return filename.substring(filename.lastIndexOf('/') + 1);
  }

  /** What to run from an uploaded jar. */
  public record RunRequest(
      String entryClass,
      List<String> args,
      Integer parallelism,
      String savepointPath,
      boolean allowNonRestoredState) {}

  /** Runs an uploaded jar and returns the new job's id. */
  @SuppressWarnings("unchecked")
  public JobID runJar(String jarId, RunRequest request) throws Exception {
    JarRunMessageParameters params = JarRunHeaders.getInstance().getUnresolvedMessageParameters();
    for (MessagePathParameter<?> parameter : params.getPathParameters()) {
      ((MessagePathParameter<String>) parameter).resolve(jarId);
    }
    JarRunRequestBody body =
        new JarRunRequestBody(
            request.entryClass(),
            new ArrayList<>(request.args()),
            request.parallelism(),
            null,
            request.allowNonRestoredState(),
            request.savepointPath(),
            null,
            null);
    return await(rest.sendRequest(host(), port(), JarRunHeaders.getInstance(), params, body))
        .getJobId();
  }

  /** Every job the cluster knows, running or finished. */
  public Collection<JobStatusMessage> listJobs() throws Exception {
    return await(cluster.listJobs());
  }

  /**
   * Stops a job after taking a savepoint and returns the savepoint's path.
   *
   * @param savepointDir where to write it, or null for the cluster's {@code
   *     execution.checkpointing.savepoint-dir}
   * @param drain whether to advance event time to the end first (flush all windows)
   */
  public String stopWithSavepoint(JobID job, String savepointDir, boolean drain) throws Exception {
    return await(
        cluster.stopWithSavepoint(job, drain, savepointDir, SavepointFormatType.CANONICAL));
  }

  @Override
  public void close() {
    cluster.close();
    rest.closeAsync();
    executor.shutdownNow();
  }

  private String host() {
    return endpoint.getHost();
  }

  private int port() {
    return endpoint.getPort() == -1 ? 8081 : endpoint.getPort();
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // Flink's client wraps a refused connection in retry and completion exceptions; surface it.
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof java.net.ConnectException connect) {
          throw connect;
        }
      }
      Throwable cause = e.getCause();
      throw cause instanceof Exception ? (Exception) cause : e;
    } catch (TimeoutException e) {
      throw new TimeoutException("the Flink cluster did not answer within " + TIMEOUT);
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return runnable -> {
      Thread thread = new Thread(runnable, "flink-rest-client");
      thread.setDaemon(true);
      return thread;
    };
  }
}
