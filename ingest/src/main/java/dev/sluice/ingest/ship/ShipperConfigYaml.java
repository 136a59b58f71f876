package dev.sluice.ingest.ship;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a shipper configuration file (YAML) into a {@link ShipperConfig.Builder}, so command-line
 * flags can still override it. The keys are those of {@link ShipSettings#ALL} plus the {@code
 * sources:} list; unknown keys and wrongly typed values are errors that name the key. See {@code
 * ingest/README.md} for the format.
 */
public final class ShipperConfigYaml {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String SOURCES = "sources";

  /** For each section ({@code ""}: the top level), its keys in table order. */
  private static final Map<String, Set<String>> SECTIONS = sections();

  private static final Set<String> SOURCE =
      Set.of("type", "paths", "service", "parser", "regex", "must-parse", "labels", "multiline");
  private static final Set<String> MULTILINE =
      Set.of("mode", "pattern", "max-chars", "max-lines", "flush-timeout");

  private ShipperConfigYaml() {}

  /** Reads a file. */
  public static ShipperConfig.Builder load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e, e);
    }
  }

  /** Parses YAML text; {@code origin} names it in errors. */
  public static ShipperConfig.Builder parse(String yaml, String origin) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          origin + " is not valid YAML: " + e.getOriginalMessage(), e);
    }
    ShipperConfig.Builder b = ShipperConfig.builder();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return b;
    }
    requireKnownKeys(root, "", origin);
    if (root.has("http")) {
      b.http(); // an http: section turns the HTTP source on, even with every key defaulted
    }
    if (root.has("syslog")) {
      b.syslog();
    }
    for (ShipSetting<?> setting : ShipSettings.ALL) {
      JsonNode section = section(root, setting.section());
      if (section != null && section.has(setting.key())) {
        setting.applyYaml(b, section, origin);
      }
    }
    if (root.has(SOURCES)) {
      sources(root.get(SOURCES), b, origin);
    }
    return b;
  }

  private static Map<String, Set<String>> sections() {
    Map<String, Set<String>> sections = new LinkedHashMap<>();
    sections.put("", new LinkedHashSet<>());
    for (ShipSetting<?> setting : ShipSettings.ALL) {
      String[] keys = setting.path().split("\\.");
      String parent = "";
      for (String key : keys) {
        sections.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(key);
        parent = parent.isEmpty() ? key : parent + "." + key;
      }
    }
    sections.get("").add(SOURCES);
    return sections;
  }

  /** The node of a dotted section, or null if the file has none. */
  private static JsonNode section(JsonNode root, String path) {
    JsonNode node = root;
    if (!path.isEmpty()) {
      for (String key : path.split("\\.")) {
        node = node.get(key);
        if (node == null) {
          return null;
        }
      }
    }
    return node;
  }

  /** Checks a section's keys, and those of the sections within it. */
  private static void requireKnownKeys(JsonNode node, String path, String origin) {
    Set<String> known = SECTIONS.get(path);
    requireObject(node, path.isEmpty() ? "the top level" : path, known, origin);
    for (String key : known) {
      String child = path.isEmpty() ? key : path + "." + key;
      if (node.has(key) && SECTIONS.containsKey(child)) {
        requireKnownKeys(node.get(key), child, origin);
      }
    }
  }

  private static void sources(JsonNode sources, ShipperConfig.Builder b, String origin) {
    if (!sources.isArray()) {
      throw new IllegalArgumentException(origin + ": 'sources' must be a list");
    }
    int i = 0;
    for (JsonNode source : sources) {
      String where = "sources[" + i++ + "]";
      requireObject(source, where, SOURCE, origin);
      String type = source.has("type") ? text(source, "type", origin) : "file";
      if (!type.equals("file")) {
        throw new IllegalArgumentException(
            origin + ": " + where + ".type '" + type + "' is not supported; use 'file'");
      }
      JsonNode paths = source.get("paths");
      List<String> list = new ArrayList<>();
      if (paths != null && paths.isTextual()) {
        list.add(paths.asText());
      } else if (paths != null && paths.isArray()) {
        paths.forEach(p -> list.add(p.asText()));
      } else {
        throw new IllegalArgumentException(
            origin + ": " + where + ".paths must be a glob or a list of globs");
      }
      b.source(
          list,
          source.has("service") ? text(source, "service", origin) : null,
          source.has("parser") ? text(source, "parser", origin) : null,
          source.has("regex") ? text(source, "regex", origin) : null,
          source.has("must-parse")
              && ShipSetting.Type.BOOLEAN.fromYaml(source, "must-parse", where, origin),
          ShipSetting.strings(source.get("labels"), where + ".labels", origin),
          multiline(source.get("multiline"), where + ".multiline", origin));
    }
  }

  private static ShipSource.Multiline multiline(JsonNode node, String where, String origin) {
    if (node == null || node.isNull()) {
      return null;
    }
    requireObject(node, where, MULTILINE, origin);
    return new ShipSource.Multiline(
        node.has("mode") ? text(node, "mode", origin) : null,
        node.has("pattern") ? text(node, "pattern", origin) : null,
        node.has("max-chars") ? (int) ShipSetting.whole(node, "max-chars", origin) : null,
        node.has("max-lines") ? (int) ShipSetting.whole(node, "max-lines", origin) : null,
        node.has("flush-timeout")
            ? ShipSetting.Type.DURATION.fromYaml(node, "flush-timeout", where, origin)
            : null);
  }

  private static String text(JsonNode node, String key, String origin) {
    return ShipSetting.text(node, key, key, origin);
  }

  private static void requireObject(JsonNode node, String where, Set<String> known, String origin) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(origin + ": " + where + " must be a mapping of keys");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new IllegalArgumentException(
            origin + ": unknown key '" + key + "' in " + where + "; known keys: " + known);
      }
    }
  }
}
