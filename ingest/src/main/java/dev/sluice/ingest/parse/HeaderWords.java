package dev.sluice.ingest.parse;

/**
 * The word-level tests the header recognisers share: words end at a space or a tab, brackets are
 * matched with nesting counted and never across a line break, a level word is a known level in
 * upper, lower or capitalised case (a single letter only where the caller allows it), a name is
 * identifier characters with at least one letter, a separator is {@code -} or {@code |} followed by
 * a blank or the end. Pure functions over the input; no allocation beyond the level lookup.
 */
final class HeaderWords {
  /** The longest word a header field is looked for in. */
  static final int MAX_WORD = 128;

  private HeaderWords() {}

  /** The index of the bracket closing the one at {@code open}, nesting counted, or -1. */
  static int matchingBracket(String s, int open, int limit) {
    int depth = 0;
    for (int k = open; k < limit; k++) {
      char c = s.charAt(k);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        if (--depth == 0) {
          return k;
        }
      } else if (c == '\n') {
        return -1;
      }
    }
    return -1;
  }

  static boolean isLevelWord(String word, boolean letterAllowed) {
    if (word.length() == 1) {
      char c = word.charAt(0);
      return letterAllowed && "VDIWEFA".indexOf(c) >= 0;
    }
    if (word.length() < 4 || word.length() > 8) {
      return false;
    }
    boolean upper = true;
    boolean lower = true;
    for (int k = 0; k < word.length(); k++) {
      char c = word.charAt(k);
      upper &= c >= 'A' && c <= 'Z';
      lower &= c >= 'a' && c <= 'z';
    }
    boolean capitalised =
        !upper
            && Character.isUpperCase(word.charAt(0))
            && word.substring(1).chars().allMatch(ch -> ch >= 'a' && ch <= 'z');
    return (upper || lower || capitalised) && Levels.fromName(word) != null;
  }

  /** A component or logger name: identifier characters, dots, {@code $ - / ( )}. */
  static boolean isName(String word, int dropAtEnd) {
    int length = word.length() - dropAtEnd;
    if (length == 0 || !(Character.isLetterOrDigit(word.charAt(0)) || word.charAt(0) == '_')) {
      return false;
    }
    boolean letter = false;
    for (int k = 0; k < length; k++) {
      char c = word.charAt(k);
      letter |= Character.isLetter(c);
      if (!Character.isLetterOrDigit(c) && "._$-/()@#".indexOf(c) < 0) {
        return false;
      }
    }
    return letter;
  }

  static boolean isSeparator(String s, int i, int n) {
    if (i >= n) {
      return false;
    }
    char c = s.charAt(i);
    return (c == '-' || c == '|') && (i + 1 >= n || s.charAt(i + 1) == ' ');
  }

  static int wordEnd(String s, int from, int to) {
    int i = from;
    while (i < to && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
      i++;
    }
    return i;
  }
}
