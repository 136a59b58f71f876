package dev.sluice.processing.template;

import static dev.sluice.processing.template.MaskChars.isHex;
import static dev.sluice.processing.template.MaskChars.isLetter;
import static dev.sluice.processing.template.MaskChars.isRunChar;
import static dev.sluice.processing.template.TypedValues.emailEnd;
import static dev.sluice.processing.template.TypedValues.hostPortEnd;
import static dev.sluice.processing.template.TypedValues.ipv6End;
import static dev.sluice.processing.template.TypedValues.pathEnd;
import static dev.sluice.processing.template.TypedValues.urlEnd;

import java.util.ArrayList;
import java.util.List;

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
 *
 * <p>Before the line is split, {@link PhraseMasks} masks the values written over several words; the
 * typed values are recognised by {@link TypedValues}, in the character classes of {@link
 * MaskChars}.
 */
public final class Masker {
  /** What a masked part is written as. */
  public static final String PARAM = "<*>";

  /** Longest message part looked at. */
  public static final int MAX_CHARS = 2000;

  private Masker() {}

  /** The masked tokens of {@code message}. */
  public static List<String> tokens(String message) {
    String text = PhraseMasks.mask(firstLine(message));
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
}
