package dev.sluice.ingest.http;

import dev.sluice.model.config.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP source's options ({@code sluice ship --http …}, YAML {@code http:}), validated by {@link
 * Builder#build}, whose errors say what to change. The bearer token is resolved from its {@code
 * ${env:NAME}} / {@code ${file:PATH}} reference at build time; it never appears in {@link
 * #toString()} nor in any error message.
 */
public final class HttpSourceConfig {
  /** Default largest request body, after decompression. */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** Default longest wait for Kafka's acknowledgement of a request's events. */
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(5);

  /** Largest encoded event; a request with a larger one is refused (Kafka's default limit). */
  public static final int MAX_EVENT_BYTES = 1_000_000;

  private final String bindHost;
  private final int port;
  private final String token;
  private final int maxBodyBytes;
  private final Path tlsCert;
  private final Path tlsKey;
  private final Duration ackTimeout;
  private final String service;
  private final Map<String, String> labels;

  private HttpSourceConfig(
      Builder b, int port, String token, String service, Map<String, String> labels) {
    this.bindHost = b.bindHost;
    this.port = port;
    this.token = token;
    this.maxBodyBytes = (int) b.maxBodyBytes;
    this.tlsCert = b.tlsCert;
    this.tlsKey = b.tlsKey;
    this.ackTimeout = b.ackTimeout;
    this.service = service;
    this.labels = Map.copyOf(labels);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The address to listen on ({@code 0.0.0.0} unless given). */
  public String bindHost() {
    return bindHost;
  }

  /** The port; 0 picks a free one. */
  public int port() {
    return port;
  }

  /** The bearer token clients must present, or null when authentication is off. */
  String token() {
    return token;
  }

  /** Whether clients must present a bearer token. */
  public boolean authenticated() {
    return token != null;
  }

  /** Largest accepted request body in bytes, after decompression. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** PEM certificate chain for TLS, or null for plain HTTP. */
  public Path tlsCert() {
    return tlsCert;
  }

  /** PEM private key (PKCS#8) for TLS, or null. */
  public Path tlsKey() {
    return tlsKey;
  }

  /** How long a request waits for Kafka's acknowledgement before it is answered 503. */
  public Duration ackTimeout() {
    return ackTimeout;
  }

  /** The service of events that name none. */
  public String service() {
    return service;
  }

  /** Static labels added to every event. */
  public Map<String, String> labels() {
    return labels;
  }

  @Override
  public String toString() {
    return "http "
        + (tlsCert != null ? "(TLS) " : "")
        + bindHost
        + ":"
        + port
        + " service="
        + service
        + " max-body-bytes="
        + maxBodyBytes
        + " ack-timeout="
        + ackTimeout
        + (token != null ? " token=(hidden)" : " no token");
  }

  /** Collects options; {@link #build} validates them. */
  public static final class Builder {
    private String listen;
    private String bindHost = "0.0.0.0";
    private String tokenReference;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Path tlsCert;
    private Path tlsKey;
    private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
    private String service;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Function<String, String> environment = System::getenv;

    /**
     * {@code [HOST:]PORT}: {@code 8080}, {@code :8080}, {@code 127.0.0.1:8080}, {@code [::1]:8080}.
     */
    public Builder listen(String listen) {
      this.listen = listen;
      return this;
    }

    /** The bearer token, best as {@code ${env:NAME}} or {@code ${file:PATH}}. */
    public Builder token(String reference) {
      this.tokenReference = reference;
      return this;
    }

    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public Builder tlsCert(Path tlsCert) {
      this.tlsCert = tlsCert;
      return this;
    }

    public Builder tlsKey(Path tlsKey) {
      this.tlsKey = tlsKey;
      return this;
    }

    public Builder ackTimeout(Duration ackTimeout) {
      this.ackTimeout = ackTimeout;
      return this;
    }

    /** The service of this source's events (default: the shipper's {@code service}). */
    public Builder service(String service) {
      this.service = service;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /** Where {@code ${env:NAME}} is looked up (tests); default the process environment. */
    public Builder environment(Function<String, String> environment) {
      this.environment = environment;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @param defaultService the shipper's service, used when this source names none
     * @param defaultLabels the shipper's labels; this source's own win
     * @throws IllegalArgumentException with a message that says what to change
     */
    public HttpSourceConfig build(String defaultService, Map<String, String> defaultLabels) {
      if (listen == null || listen.isBlank()) {
        throw new IllegalArgumentException(
            "HTTP options given without an address: set --http [HOST:]PORT (http.listen)");
      }
      int port = parseListen(listen.strip());
      if (maxBodyBytes < 1024 || maxBodyBytes > 256L * 1024 * 1024) {
        throw new IllegalArgumentException(
            "--http-max-body-bytes (http.max-body-bytes) must be between 1024 and 268435456, got "
                + maxBodyBytes);
      }
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new IllegalArgumentException(
            "TLS needs both --http-tls-cert and --http-tls-key (http.tls-cert, http.tls-key)");
      }
      requireReadable(tlsCert, "--http-tls-cert (http.tls-cert)");
      requireReadable(tlsKey, "--http-tls-key (http.tls-key)");
      if (ackTimeout == null || ackTimeout.isNegative() || ackTimeout.isZero()) {
        throw new IllegalArgumentException(
            "http.ack-timeout must be a positive duration, got " + ackTimeout);
      }
      String token = null;
      if (tokenReference != null) {
        token = new Secrets(environment).resolve("--http-token (http.token)", tokenReference);
        if (token == null || token.isBlank()) {
          throw new IllegalArgumentException(
              "--http-token (http.token) is empty: give a non-empty secret, e.g. ${env:NAME} or"
                  + " ${file:/run/secrets/token}");
        }
      }
      String s = service != null ? service : defaultService;
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(
            "no service for the HTTP source: set --service (service, or http.service); events that"
                + " name their own service keep it");
      }
      Map<String, String> merged = new LinkedHashMap<>(defaultLabels);
      merged.putAll(labels);
      return new HttpSourceConfig(this, port, token, s, merged);
    }

    private int parseListen(String text) {
      String portText = text;
      int colon = text.lastIndexOf(':');
      if (colon >= 0) {
        String host = text.substring(0, colon);
        portText = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        if (!host.isEmpty()) {
          bindHost = host;
        }
      }
      try {
        int port = Integer.parseInt(portText);
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "--http (http.listen) '"
              + text
              + "' is not [HOST:]PORT with a port 0-65535, e.g. 8080 or 127.0.0.1:8080");
    }

    private static void requireReadable(Path file, String what) {
      if (file != null && !Files.isReadable(file)) {
        throw new IllegalArgumentException(what + " " + file + " cannot be read");
      }
    }
  }
}
