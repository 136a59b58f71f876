package dev.sluice.sink;

import dev.sluice.model.config.Secrets;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How to reach an S3-compatible store: endpoint (http or https), credentials, region and addressing
 * style.
 *
 * <p>The secret key never travels with the connection (so never into a Flink job graph, its
 * operator configuration or a checkpoint): what is serialised is where to find it, resolved where
 * the client is created, on the task manager.
 *
 * <ul>
 *   <li>{@link Builder#credentialsFromEnvironment()}: both keys from the task manager's environment
 *       ({@value #ENV_ACCESS_KEY} and {@value #ENV_SECRET_KEY}, else {@code AWS_ACCESS_KEY_ID} and
 *       {@code AWS_SECRET_ACCESS_KEY}).
 *   <li>{@link Builder#credentials(String, Path)}: the access key, and a file holding only the
 *       secret key, read on the task manager (a Kubernetes or Docker secret mounted on every
 *       machine).
 *   <li>{@link Builder#credentials(String, String)}: the secret key given in this process. It is
 *       kept in this JVM only ({@code transient}, with a random handle that is serialised instead),
 *       so it reaches task managers in the same JVM (a MiniCluster: {@code sluice run}, the demo,
 *       tests) and a task manager elsewhere fails with a message naming the two ways above.
 * </ul>
 *
 * <p>Guarantee: neither key appears in {@link #toString()}, in log lines or in exception messages
 * of this module, and the secret key is in no serialised form of this class.
 */
public final class S3Connection implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Environment variable for the access key, read first. */
  public static final String ENV_ACCESS_KEY = "SLUICE_S3_ACCESS_KEY";

  /** Environment variable for the secret key, read first. */
  public static final String ENV_SECRET_KEY = "SLUICE_S3_SECRET_KEY";

  /**
   * Secrets given in this JVM, by handle; a deserialised copy in this JVM finds its secret here.
   */
  private static final Map<String, String> SECRETS_OF_THIS_JVM = new ConcurrentHashMap<>();

  private final String endpoint;
  private final String accessKey;
  private final transient String secretKey;
  private final String secretHandle;
  private final String secretKeyFile;
  private final boolean fromEnvironment;
  private final String region;
  private final boolean pathStyle;
  private final Duration requestTimeout;

  private S3Connection(Builder b) {
    this.endpoint = b.endpoint;
    this.accessKey = b.accessKey;
    this.secretKey = b.secretKey;
    this.secretKeyFile = b.secretKeyFile == null ? null : b.secretKeyFile.toString();
    this.fromEnvironment = b.fromEnvironment;
    if (secretKey != null) {
      this.secretHandle = UUID.randomUUID().toString();
      SECRETS_OF_THIS_JVM.put(secretHandle, secretKey);
    } else {
      this.secretHandle = null;
    }
    this.region = b.region;
    this.pathStyle = b.pathStyle;
    this.requestTimeout = b.requestTimeout;
  }

  /** A builder: endpoint and credentials are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http(s)://host[:port]}. */
  public String endpoint() {
    return endpoint;
  }

  /** The region clients sign for. */
  public String region() {
    return region;
  }

  /** Path-style addressing ({@code host/bucket/key}), which MinIO and S3Proxy need. */
  public boolean pathStyle() {
    return pathStyle;
  }

  /** Connect, read and write timeout of one request. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Whether the keys are read from the environment where the client is made. */
  public boolean credentialsFromEnvironment() {
    return fromEnvironment;
  }

  /**
   * The access key and secret key, resolved now. For the sink's own client code; never log them.
   *
   * @throws IllegalStateException naming the environment variables to set, if they are missing
   */
  public String[] resolveCredentials() {
    return resolveCredentials(System.getenv());
  }

  String[] resolveCredentials(Map<String, String> env) {
    if (fromEnvironment) {
      return fromEnvironment(env);
    }
    if (secretKeyFile != null) {
      return new String[] {accessKey, readSecretFile(Path.of(secretKeyFile))};
    }
    String secret = secretKey != null ? secretKey : SECRETS_OF_THIS_JVM.get(secretHandle);
    if (secret == null) {
      throw new IllegalStateException(
          "the S3 secret key was given to the process that built the job and is never sent with"
              + " it, so this task manager (another JVM) cannot read it: set "
              + ENV_ACCESS_KEY
              + "/"
              + ENV_SECRET_KEY
              + " on the task managers and read them from the environment (sluice-job:"
              + " --s3-credentials-from-env), or give a secret key file the task managers can"
              + " read (--s3-secret-key-file)");
    }
    return new String[] {accessKey, secret};
  }

  /** For tests: this JVM forgets this connection's secret, as another JVM would not know it. */
  void forgetSecretInThisJvm() {
    if (secretHandle != null) {
      SECRETS_OF_THIS_JVM.remove(secretHandle);
    }
  }

  private static String[] fromEnvironment(Map<String, String> env) {
    Secrets secrets = new Secrets(env::get);
    String ak = firstNonBlank(secrets, ENV_ACCESS_KEY, "AWS_ACCESS_KEY_ID");
    String sk = firstNonBlank(secrets, ENV_SECRET_KEY, "AWS_SECRET_ACCESS_KEY");
    if (ak == null || sk == null) {
      throw new IllegalStateException(
          "S3 credentials are to come from the environment but "
              + (ak == null ? ENV_ACCESS_KEY + " (or AWS_ACCESS_KEY_ID)" : "")
              + (ak == null && sk == null ? " and " : "")
              + (sk == null ? ENV_SECRET_KEY + " (or AWS_SECRET_ACCESS_KEY)" : "")
              + " is not set on this machine");
    }
    return new String[] {ak, sk};
  }

  /**
   * The secret key in {@code file}, read as every Sluice secret file is ({@link Secrets#readFile}:
   * one trailing line break removed).
   */
  static String readSecretFile(Path file) {
    try {
      return Secrets.readFile("the S3 secret key", file);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          e.getMessage() + " on this machine: mount it at the same path on every task manager");
    }
  }

  private static String firstNonBlank(Secrets secrets, String first, String second) {
    String value = secrets.variableOrNull(first);
    return value != null ? value : secrets.variableOrNull(second);
  }

  @Override
  public String toString() {
    return "S3Connection{endpoint="
        + endpoint
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", credentials="
        + (fromEnvironment
            ? "from environment"
            : secretKeyFile != null ? "***, secret key file " + secretKeyFile : "***")
        + "}";
  }

  /** Builds an {@link S3Connection}; {@link #build()} checks it. */
  public static final class Builder {
    private String endpoint;
    private String accessKey;
    private String secretKey;
    private Path secretKeyFile;
    private boolean fromEnvironment;
    private String region = "us-east-1";
    private boolean pathStyle = true;
    private Duration requestTimeout = Duration.ofSeconds(30);

    private Builder() {}

    /** {@code http://host:port} or {@code https://host[:port]}, without a path. */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Keys given here. The secret key stays in this JVM (see the class comment): task managers in
     * other JVMs need {@link #credentials(String, Path)} or {@link #credentialsFromEnvironment()}.
     */
    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      this.secretKeyFile = null;
      this.fromEnvironment = false;
      return this;
    }

    /**
     * The access key, and a file holding only the secret key, read where the client is created (on
     * the task managers). Only the path travels with the job.
     */
    public Builder credentials(String accessKey, Path secretKeyFile) {
      this.accessKey = accessKey;
      this.secretKey = null;
      this.secretKeyFile = secretKeyFile;
      this.fromEnvironment = false;
      return this;
    }

    /**
     * Keys from {@value #ENV_ACCESS_KEY} / {@value #ENV_SECRET_KEY} (or {@code AWS_ACCESS_KEY_ID} /
     * {@code AWS_SECRET_ACCESS_KEY}) on the task managers.
     */
    public Builder credentialsFromEnvironment() {
      this.accessKey = null;
      this.secretKey = null;
      this.secretKeyFile = null;
      this.fromEnvironment = true;
      return this;
    }

    /** Region to sign for (default us-east-1). */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** Path-style addressing (default true, as MinIO needs). */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Connect, read and write timeout of one request (default 30 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    /**
     * The connection.
     *
     * @throws IllegalArgumentException saying which setting to fix (never echoing a key)
     */
    public S3Connection build() {
      if (endpoint == null || endpoint.isBlank()) {
        throw new IllegalArgumentException(
            "S3 endpoint is missing: set it to http://host:port or https://host");
      }
      URI uri;
      try {
        uri = new URI(endpoint);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "S3 endpoint '" + endpoint + "' is not a URL: use http://host:port or https://host");
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "S3 endpoint '" + endpoint + "' must start with http:// or https:// and name a host");
      }
      if (uri.getPath() != null && !uri.getPath().isEmpty() && !"/".equals(uri.getPath())) {
        throw new IllegalArgumentException(
            "S3 endpoint '"
                + endpoint
                + "' must not have a path: the bucket is configured separately");
      }
      if (!fromEnvironment) {
        if (accessKey == null || accessKey.isBlank()) {
          throw new IllegalArgumentException(
              "S3 access key is missing: set credentials(accessKey, secretKey)"
                  + " or credentialsFromEnvironment()");
        }
        if (secretKeyFile == null && (secretKey == null || secretKey.isBlank())) {
          throw new IllegalArgumentException(
              "S3 secret key is missing: set credentials(accessKey, secretKey),"
                  + " credentials(accessKey, secretKeyFile) or credentialsFromEnvironment()");
        }
      }
      if (region == null || region.isBlank()) {
        throw new IllegalArgumentException("S3 region is missing: set it, e.g. us-east-1");
      }
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      if (requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException(
            "S3 requestTimeout must be positive, got " + requestTimeout);
      }
      return new S3Connection(this);
    }
  }
}
