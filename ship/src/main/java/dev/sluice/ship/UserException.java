package dev.sluice.ship;

/**
 * A failure the user can fix (wrong configuration, unreachable endpoint, bad credentials). {@link
 * CommandLines} prints its message as one line, without a stack trace. Messages never contain
 * secrets.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserException(String message) {
    this(message, 2, null);
  }

  public UserException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The process exit code to return. */
  public int exitCode() {
    return exitCode;
  }
}
