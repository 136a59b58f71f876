package dev.sluice.ingest.parse;

/**
 * A read-only view of a string that throws {@link BudgetExceeded} once more than a set number of
 * characters have been read from it: the standard way to bound the time {@link
 * java.util.regex.Matcher} spends on one input, since {@code java.util.regex} has no timeout. Not
 * thread-safe; one instance per match.
 */
final class BudgetedCharSequence implements CharSequence {
  /** Thrown when the budget is spent; carries no stack trace (it is expected, and frequent). */
  static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded() {
      super("character read budget exceeded", null, false, false);
    }
  }

  private final String text;
  private final int offset;
  private final int length;
  private final long[] remaining;

  BudgetedCharSequence(String text, long budget) {
    this(text, 0, text.length(), new long[] {budget});
  }

  private BudgetedCharSequence(String text, int offset, int length, long[] remaining) {
    this.text = text;
    this.offset = offset;
    this.length = length;
    this.remaining = remaining;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (--remaining[0] < 0) {
      throw new BudgetExceeded();
    }
    return text.charAt(offset + index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BudgetedCharSequence(text, offset + start, end - start, remaining);
  }

  @Override
  public String toString() {
    return text.substring(offset, offset + length);
  }
}
