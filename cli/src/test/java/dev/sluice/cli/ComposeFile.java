package dev.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code docker-compose.yml} read the way Compose reads it, for tests: the YAML tree, the {@code
 * .env} file beside it, and Compose's variable interpolation ({@code ${VAR}}, {@code
 * ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code $$}
 * for a literal dollar). Unbraced {@code $VAR} is refused: the compose file spells every reference
 * with braces.
 */
final class ComposeFile {
  /** A Compose reference or an escaped dollar; group 1 is the name, 2 the operator, 3 the rest. */
  static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$");

  private final String text;
  private final JsonNode root;
  private final Map<String, String> env;

  private ComposeFile(String text, JsonNode root, Map<String, String> env) {
    this.text = text;
    this.root = root;
    this.env = env;
  }

  /** Reads {@code composeFile} with the variables of {@code envFile}. */
  static ComposeFile read(Path composeFile, Path envFile) throws IOException {
    String text = Files.readString(composeFile, StandardCharsets.UTF_8);
    return new ComposeFile(text, new YAMLMapper().readTree(text), readEnvFile(envFile));
  }

  /** The {@code KEY=value} lines of an env file (comments and blank lines skipped). */
  static Map<String, String> readEnvFile(Path envFile) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(envFile + ": not KEY=value: " + line);
      }
      env.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
    }
    return env;
  }

  /** The raw text of the compose file. */
  String text() {
    return text;
  }

  /** The variables from the env file. */
  Map<String, String> env() {
    return env;
  }

  /** The names of all services. */
  List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    root.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** One service's (uninterpolated) definition. */
  JsonNode service(String name) {
    JsonNode service = root.path("services").path(name);
    if (service.isMissingNode()) {
      throw new AssertionError("docker-compose.yml has no service '" + name + "'");
    }
    return service;
  }

  /** Every variable name the file refers to (escaped {@code $$} excluded). */
  Set<String> referencedVariables() {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      if (m.group(1) != null) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** A list-valued entry ({@code command}, {@code entrypoint}), each element interpolated. */
  List<String> list(String service, String key) {
    JsonNode node = service(service).path(key);
    if (!node.isArray()) {
      throw new AssertionError(service + "." + key + " must be a YAML list, got: " + node);
    }
    List<String> values = new ArrayList<>();
    node.forEach(element -> values.add(interpolate(element.asText())));
    return values;
  }

  /** A service's environment, interpolated. */
  Map<String, String> environment(String service) {
    Map<String, String> values = new LinkedHashMap<>();
    service(service)
        .path("environment")
        .fields()
        .forEachRemaining(e -> values.put(e.getKey(), interpolate(e.getValue().asText())));
    return values;
  }

  /** {@code value} with every reference replaced as Compose would, from the env file. */
  String interpolate(String value) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else if (m.group(1) == null) {
        throw new IllegalArgumentException("unbraced or malformed '$' in: " + value);
      } else {
        replacement = resolve(m.group(1), m.group(2), m.group(3));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String resolve(String name, String operator, String argument) {
    String value = env.get(name);
    boolean unset = value == null;
    boolean empty = unset || value.isEmpty();
    if (operator == null) {
      return unset ? "" : value;
    }
    boolean missing = operator.startsWith(":") ? empty : unset;
    if (operator.endsWith("-")) {
      return missing ? argument : value;
    }
    if (missing) {
      throw new IllegalArgumentException("${" + name + "} is required: " + argument);
    }
    return value;
  }
}
