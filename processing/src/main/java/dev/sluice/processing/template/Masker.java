package dev.sluice.processing.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first step of template mining: cuts a message to its first line, replaces the parts that vary
 * between occurrences of one message with {@link #PARAM} and splits it into tokens on white space.
 * Masked: quoted strings, UUIDs, e-mail addresses, URLs, IPv4 (with port) and IPv6 addresses, file
 * and URL paths, hex numbers ({@code 0x…}, and runs of eight or more hex digits with a digit among
 * them, or of twelve or more without), and every token holding a digit (numbers, durations, sizes,
 * ids such as {@code ord-123456}); of {@code key=value} only the value. Stateless and thread-safe.
 */
public final class Masker {
  /** What a masked part is written as. */
  public static final String PARAM = "<*>";

  /** Longest message part looked at. */
  public static final int MAX_CHARS = 2000;

  private static final Pattern[] PATTERNS = {
    Pattern.compile("\"[^\"]*\"|'[^'\\s][^']*'"),
    Pattern.compile(
        "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"),
    Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+"),
    Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://\\S+"),
    Pattern.compile("(?<![\\w/.])(\\.{0,2}/[\\w.@%~+-]+)+/?"),
    Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}(:\\d{1,5})?\\b"),
    Pattern.compile("(?<![\\w:])([0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}(?![\\w:])"),
    Pattern.compile("\\b0[xX][0-9a-fA-F]+\\b"),
    Pattern.compile("\\b((?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{8,}|[0-9a-fA-F]{12,})\\b"),
  };

  /** A pattern is tried only when the text holds one of its characters (most messages hold few). */
  private static final String[] NEEDS = {
    "\"'", "-", "@", ":", "/", ".", ":", "xX", "0123456789abcdefABCDEF"
  };

  private Masker() {}

  /** The masked tokens of {@code message}. */
  public static List<String> tokens(String message) {
    String text = firstLine(message);
    for (int k = 0; k < PATTERNS.length; k++) {
      if (!holdsAny(text, NEEDS[k])) {
        continue;
      }
      Matcher m = PATTERNS[k].matcher(text);
      if (m.find()) {
        text = m.replaceAll(PARAM);
      }
    }
    List<String> tokens = new ArrayList<>();
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
        tokens.add(maskToken(text.substring(start, i)));
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
    return line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS) : line;
  }

  static String maskToken(String token) {
    if (token.equals(PARAM) || !hasDigit(token)) {
      return token;
    }
    int eq = token.indexOf('=');
    if (eq > 0 && !hasDigit(token.substring(0, eq))) {
      return token.substring(0, eq + 1) + PARAM;
    }
    return PARAM;
  }

  private static boolean holdsAny(String text, String chars) {
    for (int i = 0; i < chars.length(); i++) {
      if (text.indexOf(chars.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
