package dev.sluice.model.codec;

/**
 * The bytes given to a codec are not a whole record of a schema version it knows. The message says
 * which of the two and what to do; the input is never partly decoded.
 */
public class AvroCodecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AvroCodecException(String message) {
    super(message);
  }

  public AvroCodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
