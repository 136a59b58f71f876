package dev.sluice.ingest.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${file:/path}} references in configuration values, so
 * secrets (SASL passwords, keystore passwords) need not be written in a config file or on a command
 * line. Errors name the variable or file, never a value.
 */
public final class SecretValues {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

  private final Function<String, String> environment;

  public SecretValues(Function<String, String> environment) {
    this.environment = environment;
  }

  /** Resolves against the process environment and the file system. */
  public static SecretValues fromSystem() {
    return new SecretValues(System::getenv);
  }

  /**
   * Replaces every reference in {@code value}.
   *
   * @param key the setting's name, for error messages
   * @throws IllegalArgumentException if a variable is unset or a file unreadable
   */
  public String resolve(String key, String value) {
    if (value == null || !value.contains("${")) {
      return value;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String kind = m.group(1);
      String name = m.group(2);
      String replacement;
      if (kind.equals("env")) {
        replacement = environment.apply(name);
        if (replacement == null) {
          throw new IllegalArgumentException(
              key + " refers to environment variable " + name + ", which is not set");
        }
      } else {
        try {
          replacement = Files.readString(Path.of(name), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new IllegalArgumentException(
              key
                  + " refers to file "
                  + name
                  + ", which cannot be read ("
                  + e.getClass().getSimpleName()
                  + ")");
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Resolves every value of a map in place order, returning a new map. */
  public Map<String, String> resolveAll(Map<String, String> values) {
    java.util.LinkedHashMap<String, String> resolved = new java.util.LinkedHashMap<>();
    values.forEach((k, v) -> resolved.put(k, resolve(k, v)));
    return resolved;
  }
}
