package dev.sluice.cli.ui;

/**
 * A request the UI cannot answer as asked (unknown service, inverted or missing time range, a scan
 * that would read everything). Answered with HTTP 400 and its message, which the page shows; never
 * a stack trace.
 */
public final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadRequest(String message) {
    super(message);
  }
}
