package dev.sluice.model.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one secret resolver of every Sluice program: {@code ${env:NAME}} and {@code ${file:/path}}
 * references in configuration values (SASL and keystore passwords, webhook tokens), and the secret
 * files and variables the S3 settings name ({@code --s3-secret-key-file}, {@code
 * SLUICE_S3_SECRET_KEY}), so a secret need not be written in a config file or on a command line.
 *
 * <p>Guarantees: a secret file's content is taken as it is, except one trailing line break ({@code
 * \n} or {@code \r\n}), which is removed once; an unset variable, an unreadable or empty file fails
 * with an {@link IllegalArgumentException} naming the setting and the variable or file, never the
 * value.
 */
public final class Secrets {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

  private final Function<String, String> environment;

  /** Resolves variables with {@code environment} (e.g. {@code Map::get}) and files from disk. */
  public Secrets(Function<String, String> environment) {
    this.environment = environment;
  }

  /** Resolves against the process environment and the file system. */
  public static Secrets fromSystem() {
    return new Secrets(System::getenv);
  }

  /**
   * Replaces every reference in {@code value}.
   *
   * @param key the setting's name, for error messages
   * @throws IllegalArgumentException if a variable is unset or a file unreadable or empty
   */
  public String resolve(String key, String value) {
    if (value == null || !value.contains("${")) {
      return value;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2);
      String replacement =
          m.group(1).equals("env") ? variable(key, name) : readFile(key, Path.of(name));
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Resolves every value of a map, keeping the order, into a new map. */
  public Map<String, String> resolveAll(Map<String, String> values) {
    Map<String, String> resolved = new LinkedHashMap<>();
    values.forEach((k, v) -> resolved.put(k, resolve(k, v)));
    return resolved;
  }

  /**
   * The variable {@code name}, or null if it is unset or blank (for settings where a variable is
   * one optional source among several).
   */
  public String variableOrNull(String name) {
    String value = environment.apply(name);
    return value == null || value.isBlank() ? null : value;
  }

  private String variable(String key, String name) {
    String value = environment.apply(name);
    if (value == null) {
      throw new IllegalArgumentException(
          key + " refers to environment variable " + name + ", which is not set");
    }
    return value;
  }

  /**
   * The secret held in {@code file}: its content without one trailing line break.
   *
   * @param key the setting that names the file, for error messages
   * @throws IllegalArgumentException naming {@code key} and the file if it cannot be read or holds
   *     nothing
   */
  public static String readFile(String key, Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          key
              + " refers to file "
              + file
              + ", which cannot be read ("
              + e.getClass().getSimpleName()
              + ")");
    }
    String secret = withoutTrailingLineBreak(content);
    if (secret.isEmpty()) {
      throw new IllegalArgumentException(key + " refers to file " + file + ", which is empty");
    }
    return secret;
  }

  static String withoutTrailingLineBreak(String content) {
    if (content.endsWith("\r\n")) {
      return content.substring(0, content.length() - 2);
    }
    return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
  }
}
