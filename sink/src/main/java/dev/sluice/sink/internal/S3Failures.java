package dev.sluice.sink.internal;

import io.minio.errors.ErrorResponseException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Sorts S3 failures into those worth retrying (the server is down, slow or overloaded) and those
 * that retrying cannot fix (wrong credentials, missing bucket, a bad request), and gives each a
 * message that names the cause and what to check. Never includes credentials.
 */
public final class S3Failures {
  private static final Set<String> FATAL_CODES =
      Set.of(
          "AccessDenied",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "NoSuchBucket",
          "NoSuchUpload",
          "NoSuchKey",
          "InvalidBucketName",
          "InvalidPart",
          "InvalidPartOrder",
          "EntityTooSmall",
          "EntityTooLarge",
          "MalformedXML",
          "InvalidArgument",
          "InvalidRequest",
          "NotImplemented",
          "MethodNotAllowed");

  private S3Failures() {}

  /** The underlying failure of an async call. */
  public static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof ExecutionException || e instanceof CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** The S3 error code, or null when the failure is not an S3 error response. */
  public static String code(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof ErrorResponseException ere && ere.errorResponse() != null) {
      return ere.errorResponse().code();
    }
    return null;
  }

  /** Whether retrying may help. */
  public static boolean isRetriable(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof ErrorResponseException) {
      String code = code(e);
      return code == null || !FATAL_CODES.contains(code);
    }
    return !(e instanceof java.security.GeneralSecurityException)
        && !(e instanceof IllegalArgumentException)
        && !(e instanceof IllegalStateException);
  }

  /** A one-line description: the S3 code and message, or the exception type and message. */
  public static String describe(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof ErrorResponseException ere && ere.errorResponse() != null) {
      String hint =
          switch (ere.errorResponse().code()) {
            case "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch" ->
                " (check the S3 access key, secret key and region)";
            case "NoSuchBucket" -> " (create the bucket, or let the sink create it)";
            default -> "";
          };
      return ere.errorResponse().code() + ": " + ere.errorResponse().message() + hint;
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
