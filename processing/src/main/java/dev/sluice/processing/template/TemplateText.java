package dev.sluice.processing.template;

import java.util.Locale;
import java.util.Set;

/**
 * Writes a template the way a person annotating logs would, following the template-correction rules
 * of Khan et al. ("Guidelines for assessing the accuracy of log message template identification
 * techniques", ICSE 2022) that the corrected Loghub ground truth was made with: white space
 * collapsed; path-like words ({@code /a/b}) become {@code <*>}; between delimiters, booleans and
 * {@code null}/{@code root}/{@code admin}, bare numbers and words glued to a parameter become
 * {@code <*>}; parameters joined by a dot or by nothing become one. Our own implementation of the
 * published rules. Stateless and thread-safe.
 */
public final class TemplateText {
  private static final String P = Masker.PARAM;

  /** Delimiters that end a path-like word. */
  private static final String PATH_DELIMITERS = ",!;:=|\"'[](){}";

  /** Delimiters between the words the other rules look at. */
  private static final String DELIMITERS = PATH_DELIMITERS + ".-+@#$%&";

  private static final Set<String> VALUE_WORDS = Set.of("true", "false", "null", "root", "admin");

  private TemplateText() {}

  /** The canonical form of {@code template} (tokens joined by spaces, parameters {@code <*>}). */
  public static String canonical(String template) {
    String t = collapseSpaces(template);
    t = maskPaths(t);
    t = maskWords(t);
    t = joinRepeated(t, P + "." + P);
    return joinRepeated(t, P + P);
  }

  private static String collapseSpaces(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String maskPaths(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      int j = i;
      while (j < s.length() && !isPathDelimiter(s.charAt(j))) {
        j++;
      }
      if (j > i) {
        out.append(isPathLike(s, i, j) ? P : s.substring(i, j));
      }
      if (j < s.length()) {
        out.append(s.charAt(j));
      }
      i = j + 1;
    }
    return out.toString();
  }

  /** {@code (/[^/]+)+}: starts with a slash, no empty segment, no trailing slash. */
  private static boolean isPathLike(String s, int from, int to) {
    if (s.charAt(from) != '/' || s.charAt(to - 1) == '/') {
      return false;
    }
    for (int k = from + 1; k < to; k++) {
      if (s.charAt(k) == '/' && s.charAt(k - 1) == '/') {
        return false;
      }
    }
    return to - from >= 2;
  }

  private static String maskWords(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      int j = i;
      while (j < s.length() && !isDelimiter(s.charAt(j))) {
        j++;
      }
      if (j > i) {
        String word = s.substring(i, j);
        out.append(isValueWord(word) ? P : word);
      }
      if (j < s.length()) {
        out.append(s.charAt(j));
      }
      i = j + 1;
    }
    return out.toString();
  }

  private static boolean isValueWord(String word) {
    if (VALUE_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
      return true;
    }
    boolean digits = true;
    for (int k = 0; k < word.length(); k++) {
      char c = word.charAt(k);
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
    }
    if (digits) {
      return true;
    }
    // A word glued to a parameter is a parameter, unless a slash is in it.
    return word.contains(P) && word.indexOf('/') < 0;
  }

  private static String joinRepeated(String s, String pair) {
    String t = s;
    while (t.contains(pair)) {
      t = t.replace(pair, P);
    }
    return t;
  }

  private static boolean isPathDelimiter(char c) {
    return Character.isWhitespace(c) || PATH_DELIMITERS.indexOf(c) >= 0;
  }

  private static boolean isDelimiter(char c) {
    return Character.isWhitespace(c) || DELIMITERS.indexOf(c) >= 0;
  }
}
