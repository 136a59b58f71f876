package dev.sluice.model.layout;

/**
 * Hive's escaping of partition values, byte-compatible with its {@code FileUtils.escapePathName}
 * and {@code unescapePathName}, behind {@link PartFilePath#escape} and {@link
 * PartFilePath#unescape}. Guarantees: {@code unescape(escape(v))} is {@code v} for every non-empty
 * {@code v} other than {@value PartFilePath#DEFAULT_PARTITION}, null and empty give the default
 * partition, and a value without characters to escape is returned as the same string (no copy).
 * Stateless.
 */
final class HiveEscaping {
  private HiveEscaping() {}

  /** See {@link PartFilePath#escape}. */
  static String escape(String value) {
    if (value == null || value.isEmpty()) {
      return PartFilePath.DEFAULT_PARTITION;
    }
    int i0 = 0;
    while (i0 < value.length() && !needsEscape(value.charAt(i0))) {
      i0++;
    }
    if (i0 == value.length()) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 8).append(value, 0, i0);
    for (int i = i0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (needsEscape(c)) {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** See {@link PartFilePath#unescape}. */
  static String unescape(String escaped) {
    if (PartFilePath.DEFAULT_PARTITION.equals(escaped)) {
      return null;
    }
    if (escaped.indexOf('%') < 0) {
      return escaped;
    }
    StringBuilder out = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '%' && isHex(escaped, i + 1) && isHex(escaped, i + 2)) {
        out.append(
            (char)
                (Character.digit(escaped.charAt(i + 1), 16) * 16
                    + Character.digit(escaped.charAt(i + 2), 16)));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private static boolean isHex(String s, int at) {
    return at < s.length() && Character.digit(s.charAt(at), 16) >= 0;
  }

  private static boolean needsEscape(char c) {
    if (c < 0x20 || c == 0x7F) {
      return true;
    }
    return switch (c) {
      case '"', '#', '%', '\'', '*', '/', ':', '=', '?', '\\', '{', '[', ']', '^' -> true;
      default -> false;
    };
  }
}
