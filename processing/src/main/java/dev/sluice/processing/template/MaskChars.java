package dev.sluice.processing.template;

/**
 * The character classes the masks are written in: a letter is ASCII or any non-ASCII letter, a run
 * character is a letter, a digit or one of {@code _ - .} (the characters a masked value is made
 * of), hex digits are ASCII of either case. Pure functions, no allocation.
 */
final class MaskChars {
  private MaskChars() {}

  static boolean isRunChar(char c) {
    return isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
  }

  static boolean isLetterOrDigit(char c) {
    return isLetter(c) || (c >= '0' && c <= '9');
  }

  static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > 127 && Character.isLetter(c));
  }

  static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
