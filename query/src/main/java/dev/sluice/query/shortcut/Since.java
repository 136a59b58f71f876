package dev.sluice.query.shortcut;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses look-back periods such as {@code 30s}, {@code 15m}, {@code 1h}, {@code 1d}, {@code 2w}.
 */
public final class Since {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})\\s*([smhdw])");

  private Since() {}

  /**
   * The duration {@code text} names.
   *
   * @throws IllegalArgumentException saying what a valid value looks like
   */
  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a period: use a positive number and a unit s, m, h, d or w, like 15m or 1d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }
}
