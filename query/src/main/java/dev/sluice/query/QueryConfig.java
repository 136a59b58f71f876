package dev.sluice.query;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the stored tables live and how to reach them: an S3 endpoint, a bucket, credentials and a
 * region. Built through {@link #builder()}, whose {@link Builder#build()} rejects incomplete or
 * malformed settings with a message that names the setting to fix. The secret key never appears in
 * {@link #toString()} or in any message.
 */
public final class QueryConfig {
  /** The local stack's endpoint ({@code sluice stack}). */
  public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:9000";

  public static final String DEFAULT_BUCKET = "sluice";
  public static final String DEFAULT_REGION = "us-east-1";

  private final String endpoint;
  private final String bucket;
  private final String accessKey;
  private final String secretKey;
  private final String region;

  private QueryConfig(Builder b) {
    this.endpoint = b.endpoint;
    this.bucket = b.bucket;
    this.accessKey = b.accessKey;
    this.secretKey = b.secretKey;
    this.region = b.region;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String endpoint() {
    return endpoint;
  }

  public String bucket() {
    return bucket;
  }

  public String accessKey() {
    return accessKey;
  }

  /** The secret key; never log or print it. */
  public String secretKey() {
    return secretKey;
  }

  public String region() {
    return region;
  }

  @Override
  public String toString() {
    return "QueryConfig{endpoint="
        + endpoint
        + ", bucket="
        + bucket
        + ", accessKey="
        + accessKey
        + ", secretKey=****, region="
        + region
        + "}";
  }

  /** Collects and checks the settings. */
  public static final class Builder {
    private String endpoint = DEFAULT_ENDPOINT;
    private String bucket = DEFAULT_BUCKET;
    private String accessKey;
    private String secretKey;
    private String region = DEFAULT_REGION;

    private Builder() {}

    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    public Builder accessKey(String accessKey) {
      this.accessKey = accessKey;
      return this;
    }

    public Builder secretKey(String secretKey) {
      this.secretKey = secretKey;
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** Checks every setting; throws {@link IllegalArgumentException} saying what to fix. */
    public QueryConfig build() {
      if (endpoint == null || endpoint.isBlank()) {
        throw new IllegalArgumentException("the S3 endpoint is missing: set --endpoint");
      }
      try {
        URI uri = new URI(endpoint);
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            || uri.getHost() == null) {
          throw new IllegalArgumentException(
              "the S3 endpoint '"
                  + endpoint
                  + "' is not an http(s) URL: set --endpoint like "
                  + DEFAULT_ENDPOINT);
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "the S3 endpoint '"
                + endpoint
                + "' is not a URL: set --endpoint like "
                + DEFAULT_ENDPOINT);
      }
      if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
        throw new IllegalArgumentException(
            "the bucket name '"
                + bucket
                + "' is not valid: set --bucket to 3-63 lower-case letters, digits, '.' or '-'");
      }
      if (accessKey == null || accessKey.isBlank()) {
        throw new IllegalArgumentException("the S3 access key is missing: set --access-key");
      }
      if (secretKey == null || secretKey.isEmpty()) {
        throw new IllegalArgumentException(
            "the S3 secret key is missing: set SLUICE_S3_SECRET_KEY or --secret-key-file");
      }
      if (region == null || region.isBlank()) {
        throw new IllegalArgumentException("the S3 region is missing: set --region");
      }
      return new QueryConfig(this);
    }
  }
}
