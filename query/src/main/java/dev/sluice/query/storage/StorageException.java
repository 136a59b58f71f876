package dev.sluice.query.storage;

import io.minio.errors.ErrorResponseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * A storage failure explained for a person: which operation failed and what to check (endpoint,
 * credentials, bucket). Never contains a secret.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Classifies a MinIO SDK failure during {@code operation}. */
  public static StorageException from(Throwable e, String operation) {
    if (e instanceof StorageException s) {
      return s;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ErrorResponseException response) {
        String code = response.errorResponse().code();
        String hint =
            switch (code) {
              case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied" ->
                  "the S3 server rejected the credentials ("
                      + code
                      + "): check --access-key and the secret key";
              case "NoSuchBucket" -> "the bucket does not exist: check --bucket";
              case "NoSuchKey" -> "the object disappeared while the query ran";
              default -> "the S3 server answered " + code + ": " + response.getMessage();
            };
        return new StorageException("cannot " + operation + ": " + hint, e);
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return new StorageException(
            "cannot "
                + operation
                + ": cannot reach the S3 endpoint ("
                + t.getMessage()
                + "): check --endpoint, or start the local stack with 'sluice stack'",
            e);
      }
    }
    if (e instanceof IOException) {
      return new StorageException("cannot " + operation + ": " + e.getMessage(), e);
    }
    return new StorageException("cannot " + operation + ": " + e, e);
  }
}
