package dev.sluice.processing;

/**
 * A configuration mistake the user can fix. The message names the flag and what to do; it never
 * carries a secret.
 */
public final class OptionsException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public OptionsException(String message) {
    super(message);
  }
}
