package dev.sluice.processing.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first step of template mining: cuts a message to its first line, splits it into tokens on
 * white space and replaces the parts of each token that vary between occurrences of one message
 * with {@link #PARAM}, keeping the punctuation and delimiters around them ({@code (TID 3).} becomes
 * {@code (TID <*>).}, {@code uid=0} becomes {@code uid=<*>}).
 *
 * <p>Typed masks, tried on each token in this order: URLs ({@code scheme://…}), e-mail addresses,
 * IPv6 addresses, file paths ({@code /a/b}, {@code C:\a\b}), {@code host:port} and {@code ip:port}
 * (one parameter), then every run of letters, digits, {@code _ - .} that holds a digit (numbers,
 * negative ones included, sizes such as {@code 1.5KB}, durations such as {@code 12ms}, versions,
 * ids such as {@code blk_-6952} or {@code appattempt_1445_0020}, hex with a digit) or is twelve or
 * more hex letters. A run directly followed by {@code (} is a function name and stays ({@code
 * jk2_init()}). Quotes are kept as structure: only what varies inside them is masked. Words without
 * digits stay. Stateless, thread-safe, one pass per token without regular expressions.
 */
public final class Masker {
  /** What a masked part is written as. */
  public static final String PARAM = "<*>";

  /** Longest message part looked at. */
  public static final int MAX_CHARS = 2000;

  private static final String SIZE_UNITS = "(?:bytes|[KMGT]i?B|kB|B)";

  private static final Pattern SIZE_WITH_CONVERSION =
      Pattern.compile(
          "(?<![\\w.])\\d+(?:\\.\\d+)? ("
              + SIZE_UNITS
              + ") \\(\\d+(?:\\.\\d+)? "
              + SIZE_UNITS
              + "\\)");

  private static final Pattern BELOW_DURATION =
      Pattern.compile("(?<![\\w<])<\\d+(?:\\.\\d+)? (?:ms|s|sec|secs|seconds|min|mins)\\b");

  private static final String MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";

  /** A written date and time: {@code Fri Jun 17 07:07:00 2005}, {@code Jun 17 07:07:00}. */
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "\\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +)?"
              + MONTH
              + " +\\d{1,2},? +\\d{1,2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?: +\\d{4})?\\b");

  /** The quoted value of a key, spaces and all: {@code tag="View Lock"}. */
  private static final Pattern QUOTED_VALUE = Pattern.compile("=([\"'])[^\"'=]*\\1");

  /** An HTTP request line's target and version: {@code GET /a/b HTTP/1.1} is {@code GET <*>}. */
  private static final Pattern REQUEST_LINE =
      Pattern.compile(
          "\\b(GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS|CONNECT|TRACE) \\S+ HTTP/\\d(?:\\.\\d)?");

  private Masker() {}

  /** The masked tokens of {@code message}. */
  public static List<String> tokens(String message) {
    String text = phrases(firstLine(message));
    List<String> tokens = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.setLength(0);
        maskToken(text, start, i, out);
        tokens.add(out.toString());
      }
    }
    return tokens;
  }

  /** The message with its variable parts masked, tokens joined by one space. */
  public static String mask(String message) {
    return String.join(" ", tokens(message));
  }

  /**
   * Values written over several words: a size with its conversion ({@code 1190 bytes (1.16 KB)}
   * becomes {@code <*> bytes}, like {@code 0 bytes}) and an approximate duration ({@code <1 sec}).
   */
  static String phrases(String text) {
    if (text.indexOf(" (") >= 0 && (text.indexOf("B)") >= 0 || text.indexOf("bytes)") >= 0)) {
      Matcher m = SIZE_WITH_CONVERSION.matcher(text);
      if (m.find()) {
        text = m.replaceAll(PARAM + " $1");
      }
    }
    if (text.indexOf(" HTTP/") >= 0) {
      Matcher m = REQUEST_LINE.matcher(text);
      if (m.find()) {
        text = m.replaceAll("$1 " + PARAM);
      }
    }
    if (text.indexOf("=\"") >= 0 || text.indexOf("='") >= 0) {
      Matcher m = QUOTED_VALUE.matcher(text);
      if (m.find()) {
        text = m.replaceAll("=$1" + PARAM + "$1");
      }
    }
    if (holdsClockTime(text)) {
      Matcher m = DATE_TIME.matcher(text);
      if (m.find()) {
        text = m.replaceAll(PARAM);
      }
    }
    int lt = text.indexOf('<');
    if (lt >= 0 && lt + 1 < text.length() && text.indexOf(" sec", lt) > 0) {
      Matcher m = BELOW_DURATION.matcher(text);
      if (m.find()) {
        text = m.replaceAll(PARAM);
      }
    }
    return text;
  }

  /** Whether {@code text} holds {@code d:dd:dd}, the cheap test before the date pattern. */
  private static boolean holdsClockTime(String text) {
    int from = 0;
    int colon;
    while ((colon = text.indexOf(':', from)) >= 0) {
      if (colon >= 1
          && colon + 5 < text.length()
          && isDigit(text.charAt(colon - 1))
          && isDigit(text.charAt(colon + 1))
          && isDigit(text.charAt(colon + 2))
          && text.charAt(colon + 3) == ':'
          && isDigit(text.charAt(colon + 4))
          && isDigit(text.charAt(colon + 5))) {
        return true;
      }
      from = colon + 1;
    }
    return false;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    String line = nl >= 0 ? message.substring(0, nl) : message;
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    return line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) : line;
  }

  /** Masks the token {@code s[from, to)} into {@code out}. */
  static void maskToken(String s, int from, int to, StringBuilder out) {
    boolean at = false;
    boolean colon = false;
    boolean slash = false;
    boolean lettersOnly = true;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      at |= c == '@';
      colon |= c == ':';
      slash |= c == '/' || c == '\\';
      lettersOnly &= isLetter(c);
    }
    if (lettersOnly && to - from < 12) {
      out.append(s, from, to); // a plain word: nothing to mask but value words
      if (isValueWord(s, from, to)) {
        out.setLength(out.length() - (to - from));
        appendParam(out);
      }
      return;
    }
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      int end = -1;
      boolean start = i == from || !isRunChar(s.charAt(i - 1));
      if (start) {
        if (colon && slash && isLetter(c)) {
          end = urlEnd(s, i, to);
        }
        if (end < 0 && at) {
          end = emailEnd(s, i, to);
        }
        if (end < 0 && colon) {
          end = ipv6End(s, i, to);
        }
        if (end < 0 && (c == '/' || c == '.' || (slash && colon))) {
          end = pathEnd(s, i, to, from);
        }
        if (end < 0 && colon) {
          end = hostPortEnd(s, i, to);
        }
      }
      if (end > 0) {
        appendParam(out);
        i = end;
        continue;
      }
      if (isRunChar(c)) {
        int runEnd = i;
        boolean digit = false;
        boolean hexOnly = true;
        while (runEnd < to && isRunChar(s.charAt(runEnd))) {
          char r = s.charAt(runEnd);
          digit |= r >= '0' && r <= '9';
          hexOnly &= isHex(r);
          runEnd++;
        }
        // A trailing '.' or '-' is punctuation, not part of the value ("size 5." "a -").
        int valueEnd = runEnd;
        while (valueEnd > i + 1
            && (s.charAt(valueEnd - 1) == '.' || s.charAt(valueEnd - 1) == '-')) {
          valueEnd--;
        }
        boolean function = runEnd < to && s.charAt(runEnd) == '(' && isLetter(c);
        int dotted = wordDotsDigits(s, i, valueEnd);
        if (dotted > 0) {
          out.append(s, i, dotted);
          appendParam(out);
          out.append(s, valueEnd, runEnd);
          i = runEnd;
          continue;
        }
        boolean variable =
            (digit && !isNameWithNumber(s, i, valueEnd))
                || (hexOnly && valueEnd - i >= 12)
                || isValueWord(s, i, valueEnd);
        if (variable && !function && !(valueEnd - i == 1 && !digit)) {
          appendParam(out);
          out.append(s, valueEnd, runEnd);
        } else {
          out.append(s, i, runEnd);
        }
        i = runEnd;
        continue;
      }
      out.append(c);
      i++;
    }
  }

  /**
   * A word of at least two letters ending in one or two digits ({@code SOCKS5}, {@code eth0},
   * {@code tty2}, {@code IPv6}): a name, not a value.
   */
  private static boolean isNameWithNumber(String s, int from, int to) {
    int k = from;
    while (k < to && isLetter(s.charAt(k))) {
      k++;
    }
    int letters = k - from;
    int digits = to - k;
    if (letters < 2 || digits < 1 || digits > 2) {
      return false;
    }
    for (; k < to; k++) {
      if (s.charAt(k) < '0' || s.charAt(k) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code core.2275}, {@code alignment.......0}: a word, dots, a number; the index where the
   * number starts, or -1.
   */
  private static int wordDotsDigits(String s, int from, int to) {
    int k = from;
    while (k < to && (isLetter(s.charAt(k)) || s.charAt(k) == '_')) {
      k++;
    }
    if (k == from || k >= to || s.charAt(k) != '.') {
      return -1;
    }
    while (k < to && s.charAt(k) == '.') {
      k++;
    }
    int number = k;
    while (k < to && s.charAt(k) >= '0' && s.charAt(k) <= '9') {
      k++;
    }
    return k == to && number < to ? number : -1;
  }

  /** {@code true false null root admin}: values, as the corrected ground truth treats them. */
  private static boolean isValueWord(String s, int from, int to) {
    int len = to - from;
    if (len < 4 || len > 5) {
      return false;
    }
    String w = s.substring(from, to);
    return w.equalsIgnoreCase("true")
        || w.equalsIgnoreCase("false")
        || w.equalsIgnoreCase("null")
        || w.equalsIgnoreCase("root")
        || w.equalsIgnoreCase("admin");
  }

  private static void appendParam(StringBuilder out) {
    out.append(PARAM);
  }

  /** {@code scheme://rest} up to a closing quote or bracket. */
  private static int urlEnd(String s, int i, int to) {
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
  private static int emailEnd(String s, int i, int to) {
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
  private static int ipv6End(String s, int i, int to) {
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
  private static int pathEnd(String s, int i, int to, int tokenStart) {
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
  private static int hostPortEnd(String s, int i, int to) {
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

  private static boolean isRunChar(char c) {
    return isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
  }

  private static boolean isLetterOrDigit(char c) {
    return isLetter(c) || (c >= '0' && c <= '9');
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > 127 && Character.isLetter(c));
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
