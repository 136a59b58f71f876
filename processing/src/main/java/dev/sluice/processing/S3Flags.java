package dev.sluice.processing;

import dev.sluice.model.config.Secrets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The job's S3 flags, and where the secret key comes from. The secret key is never a flag ({@code
 * --s3-secret-key} is recognised only to be refused, without echoing it): it is read, with the
 * project's one resolver ({@link Secrets}), from {@code --s3-secret-key-file} or env {@value
 * JobOptions#ENV_SECRET_KEY}, or, with {@code --s3-credentials-from-env}, by the task managers.
 */
final class S3Flags {
  @Option(
      names = "--s3-endpoint",
      paramLabel = "http://minio:9000",
      description = {"http(s)://host:port", "default: required"})
  String endpoint;

  @Option(
      names = "--s3-access-key",
      paramLabel = "sluice",
      description = {
        "S3 access key (the secret key is never a flag: env "
            + JobOptions.ENV_SECRET_KEY
            + " or --s3-secret-key-file)",
        "default: env " + JobOptions.ENV_ACCESS_KEY
      })
  String accessKey;

  @Option(
      names = "--s3-secret-key-file",
      paramLabel = "/run/secrets/s3-secret-key",
      description = {
        "file holding only the S3 secret key, read by the TaskManagers (mount it at this path on"
            + " each; only the path goes into the job graph); --s3-secret-key is refused (it would"
            + " show in ps and logs)",
        "default: env " + JobOptions.ENV_SECRET_KEY
      })
  Path secretKeyFile;

  @Option(
      names = "--s3-credentials-from-env",
      arity = "0..1",
      description = "the task managers read both keys from their own environment instead")
  boolean credentialsFromEnv;

  /** Accepted by the parser only to be refused with a message that does not repeat it. */
  @Option(names = "--s3-secret-key", arity = "0..1", fallbackValue = "", hidden = true)
  String refusedSecretKey;

  @Option(
      names = "--s3-region",
      paramLabel = "us-east-1",
      defaultValue = "us-east-1",
      description = "region to sign for")
  String region;

  @Option(
      names = "--bucket",
      paramLabel = "sluice",
      defaultValue = "sluice",
      description = "bucket of the tables (created if missing)")
  String bucket;

  /** The secret key read here, or null (from the task managers' environment). */
  JobOptions.Secret secretKey;

  /** Fills in the access key and the secret key from {@code env} and the secret key file. */
  void resolveCredentials(Map<String, String> env) {
    if (refusedSecretKey != null) {
      throw new OptionsException(
          "--s3-secret-key is not accepted (it would show in ps and logs): set "
              + JobOptions.ENV_SECRET_KEY
              + " or pass --s3-secret-key-file");
    }
    Secrets secrets = new Secrets(env::get);
    if (accessKey == null) {
      accessKey = secrets.variableOrNull(JobOptions.ENV_ACCESS_KEY);
    }
    if (secretKeyFile != null) {
      try {
        secretKey = new JobOptions.Secret(Secrets.readFile("--s3-secret-key-file", secretKeyFile));
      } catch (IllegalArgumentException e) {
        throw new OptionsException(
            e.getMessage() + "; give a readable file that holds only the secret key");
      }
    } else if (secrets.variableOrNull(JobOptions.ENV_SECRET_KEY) != null) {
      secretKey = new JobOptions.Secret(secrets.variableOrNull(JobOptions.ENV_SECRET_KEY));
    }
  }

  void validate() {
    // S3 is always needed: the rejects table is always written.
    JobOptions.require(endpoint, "--s3-endpoint", "the S3 endpoint, e.g. http://localhost:9000");
    if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
      throw new OptionsException(
          "--s3-endpoint '" + endpoint + "' must start with http:// or https://");
    }
    JobOptions.require(bucket, "--bucket", "the bucket to write to, e.g. sluice");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new OptionsException(
          "--bucket '"
              + bucket
              + "' is not a valid bucket name: use 3-63 lower-case letters, digits, '.' or '-'");
    }
    if (credentialsFromEnv) {
      return;
    }
    if (accessKey == null) {
      throw new OptionsException(
          "S3 access key missing: pass --s3-access-key or set "
              + JobOptions.ENV_ACCESS_KEY
              + " (or --s3-credentials-from-env to read both keys on the task managers)");
    }
    if (secretKey == null) {
      throw new OptionsException(
          "S3 secret key missing: set "
              + JobOptions.ENV_SECRET_KEY
              + " or pass --s3-secret-key-file (or --s3-credentials-from-env to read both"
              + " keys on the task managers)");
    }
  }
}
