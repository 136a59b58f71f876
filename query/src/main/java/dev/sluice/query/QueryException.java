package dev.sluice.query;

/**
 * A query that could not run, explained for the person who wrote it: the engine's message with its
 * position for a bad query, what exists for an unknown table or column, and which of endpoint,
 * credentials or bucket is wrong for a storage failure. Never contains a secret.
 */
public final class QueryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whose fault: the query text, or the storage it runs against. */
  public enum Kind {
    /** The SQL is wrong; fix the query. */
    INVALID_QUERY,
    /** Storage could not be reached or read; fix the connection settings or the data. */
    STORAGE
  }

  private final Kind kind;

  public QueryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
