package dev.sluice.cli;

import dev.sluice.local.EmbeddedS3;
import dev.sluice.model.config.Secrets;
import dev.sluice.query.QueryConfig;
import dev.sluice.ship.UserException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the stored tables are: {@code --endpoint}, {@code --bucket}, {@code --access-key}, {@code
 * --region}, and the secret key from {@code --secret-key-file} or the environment variable {@value
 * #SECRET_ENV} (never a flag, so it stays out of shell history and process lists). The defaults
 * reach the local stack of {@code sluice stack}. The secret is never printed.
 */
public final class S3ConnectionOptions {
  /** Environment variable that holds the S3 secret key. */
  public static final String SECRET_ENV = "SLUICE_S3_SECRET_KEY";

  @Option(
      names = "--endpoint",
      defaultValue = QueryConfig.DEFAULT_ENDPOINT,
      description = "S3 endpoint URL (default: ${DEFAULT-VALUE}, the local stack).")
  String endpoint;

  @Option(
      names = "--bucket",
      defaultValue = QueryConfig.DEFAULT_BUCKET,
      description = "Bucket that holds the tables (default: ${DEFAULT-VALUE}).")
  String bucket;

  @Option(
      names = "--access-key",
      defaultValue = EmbeddedS3.ACCESS_KEY,
      description = "S3 access key (default: ${DEFAULT-VALUE}, the local stack's).")
  String accessKey;

  @Option(
      names = "--secret-key-file",
      description =
          "File holding only the S3 secret key (one trailing line break is ignored). Otherwise the secret comes from $"
              + SECRET_ENV
              + ", or is the local stack's when --access-key is its default.")
  Path secretKeyFile;

  @Option(
      names = "--region",
      defaultValue = QueryConfig.DEFAULT_REGION,
      description = "S3 region (default: ${DEFAULT-VALUE}).")
  String region;

  /** The checked configuration; throws {@link UserException} naming the setting to fix. */
  QueryConfig toConfig(Map<String, String> environment) {
    try {
      return QueryConfig.builder()
          .endpoint(endpoint)
          .bucket(bucket)
          .accessKey(accessKey)
          .secretKey(secretKey(environment))
          .region(region)
          .build();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  private String secretKey(Map<String, String> environment) {
    if (secretKeyFile != null) {
      try {
        return Secrets.readFile("--secret-key-file", secretKeyFile);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
    }
    String fromEnvironment = new Secrets(environment::get).variableOrNull(SECRET_ENV);
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    if (EmbeddedS3.ACCESS_KEY.equals(accessKey)) {
      return EmbeddedS3.SECRET_KEY;
    }
    return null; // the configuration check says how to provide it
  }
}
