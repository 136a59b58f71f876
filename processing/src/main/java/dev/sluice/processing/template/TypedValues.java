package dev.sluice.processing.template;

import static dev.sluice.processing.template.MaskChars.isHex;
import static dev.sluice.processing.template.MaskChars.isLetter;
import static dev.sluice.processing.template.MaskChars.isLetterOrDigit;
import static dev.sluice.processing.template.MaskChars.isRunChar;

/**
 * The typed values {@link Masker} replaces whole, each recognised at an index of a token: URLs
 * ({@code scheme://…}), e-mail addresses, IPv6 addresses, file paths ({@code /a/b}, {@code ./a},
 * {@code C:\a\b}) and {@code host:port} or {@code ip:port}. Each method returns the end of the
 * value starting at {@code i} (never beyond {@code to}), or -1 when none starts there; a value
 * never starts inside a run of letters, digits and {@code _ - .}. Stateless, no regular
 * expressions.
 */
final class TypedValues {
  private TypedValues() {}

  /** {@code scheme://rest} up to a closing quote or bracket. */
  static int urlEnd(String s, int i, int to) {
    if (!isLetter(s.charAt(i)) || (i > 0 && isRunChar(s.charAt(i - 1)))) {
      return -1;
    }
    int j = i;
    while (j < to && (isLetter(s.charAt(j)) || s.charAt(j) == '+' || s.charAt(j) == '.')) {
      j++;
    }
    if (j + 3 > to || s.charAt(j) != ':' || s.charAt(j + 1) != '/' || s.charAt(j + 2) != '/') {
      return -1;
    }
    return valueEnd(s, j + 3, to, "\"'<>)]}");
  }

  /** {@code local@domain.tld}. */
  static int emailEnd(String s, int i, int to) {
    if (!isRunChar(s.charAt(i)) || (i > 0 && isRunChar(s.charAt(i - 1)))) {
      return -1;
    }
    int j = i;
    while (j < to && (isRunChar(s.charAt(j)) || s.charAt(j) == '+')) {
      j++;
    }
    if (j == i || j >= to || s.charAt(j) != '@') {
      return -1;
    }
    int k = j + 1;
    int dots = 0;
    int start = k;
    while (k < to && (isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '-' || s.charAt(k) == '.')) {
      if (s.charAt(k) == '.') {
        dots++;
      }
      k++;
    }
    while (k > start && s.charAt(k - 1) == '.') {
      k--;
      dots--;
    }
    return dots > 0 && k > start && isLetter(s.charAt(k - 1)) ? k : -1;
  }

  /** Hex groups with at least two colons ({@code fe80::1ff:fe23}, {@code ::1}). */
  static int ipv6End(String s, int i, int to) {
    char c = s.charAt(i);
    if (!(isHex(c) || c == ':') || (i > 0 && isRunChar(s.charAt(i - 1)))) {
      return -1;
    }
    int j = i;
    int colons = 0;
    boolean doubleColon = false;
    int group = 0;
    while (j < to) {
      char ch = s.charAt(j);
      if (ch == ':') {
        colons++;
        if (j > i && s.charAt(j - 1) == ':') {
          doubleColon = true;
        }
        group = 0;
      } else if (isHex(ch)) {
        if (++group > 4) {
          return -1;
        }
      } else {
        break;
      }
      j++;
    }
    if (j < to && (isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
      return -1;
    }
    if (colons < 2 || !(doubleColon || colons >= 5) || s.charAt(j - 1) == ':' && !doubleColon) {
      return -1;
    }
    return j;
  }

  /**
   * A path: {@code /a/b…} or {@code ./a} or {@code C:\a…} at the start of the token or after an
   * opening delimiter, up to a delimiter that cannot be in a path.
   */
  static int pathEnd(String s, int i, int to, int tokenStart) {
    char c = s.charAt(i);
    boolean afterOpening = i == tokenStart || "([{\"'=,<".indexOf(s.charAt(i - 1)) >= 0;
    if (!afterOpening) {
      return -1;
    }
    int body;
    if (c == '/') {
      body = i + 1;
    } else if (c == '.' && i + 1 < to && s.charAt(i + 1) == '/') {
      body = i + 2;
    } else if (isLetter(c) && i + 2 < to && s.charAt(i + 1) == ':' && s.charAt(i + 2) == '\\') {
      body = i + 3;
    } else {
      return -1;
    }
    if (body >= to || !isPathChar(s.charAt(body))) {
      return -1;
    }
    int end = body;
    while (end < to && "\"'<>()[]{},;|=".indexOf(s.charAt(end)) < 0) {
      if (s.charAt(end) == ':') {
        break; // "/10.10.34.11:45307" is "<*>:<*>", as the path-like rule of the ground truth has
        // it
      }
      end++;
    }
    return end;
  }

  /** After {@code :} at {@code colon}, one to five digits ending the value; their end, or -1. */
  private static int portEnd(String s, int colon, int to) {
    int k = colon + 1;
    while (k < to && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
      k++;
    }
    if (k == colon + 1 || k - colon - 1 > 5 || (k < to && isLetterOrDigit(s.charAt(k)))) {
      return -1;
    }
    return k;
  }

  /**
   * {@code host:port}, {@code 10.0.0.1:port}, {@code host/10.0.0.1:port}: one parameter. The host
   * holds a dot or a digit, so that {@code time:5} is not one.
   */
  static int hostPortEnd(String s, int i, int to) {
    if (!isLetterOrDigit(s.charAt(i)) || (i > 0 && isRunChar(s.charAt(i - 1)))) {
      return -1;
    }
    int j = i;
    boolean dotOrDigit = false;
    while (j < to) {
      char c = s.charAt(j);
      if (isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || (c == '/' && j > i)) {
        dotOrDigit |= c == '.' || (c >= '0' && c <= '9');
        j++;
      } else {
        break;
      }
    }
    if (!dotOrDigit || j + 1 >= to || s.charAt(j) != ':' || s.charAt(j - 1) == '.') {
      return -1;
    }
    return portEnd(s, j, to);
  }

  private static int valueEnd(String s, int from, int to, String stops) {
    int j = from;
    while (j < to && stops.indexOf(s.charAt(j)) < 0) {
      j++;
    }
    // Trailing sentence punctuation belongs to the text, not the value.
    while (j > from && ".,;:!?".indexOf(s.charAt(j - 1)) >= 0) {
      j--;
    }
    return j;
  }

  private static boolean isPathChar(char c) {
    return isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '~' || c == '@';
  }
}
