package dev.sluice.ingest.ship;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.ingest.file.ReadFrom;
import dev.sluice.model.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One shipper setting, defined once: where it sits in the YAML file, the {@code sluice ship} flags
 * that set it (none for file-only settings), its type, its help text and how it goes into a {@link
 * ShipperConfig.Builder}. {@link ShipperConfigYaml} reads the file and the ship command builds and
 * overlays its flags from the same {@link ShipSettings#ALL} table, so a setting added there exists
 * in both, with errors that name the flag and the YAML key.
 *
 * @param path the YAML key, dotted for nested sections, e.g. {@code kafka.linger-ms}
 * @param flags the flag names, the long one last (empty: YAML only)
 * @param paramLabel the flag's value placeholder in help, or null for {@code <key>}
 * @param type how a value is read from YAML and converted from a flag
 * @param description the flag's help text without its default (see {@link #help()}); write a
 *     literal {@code ${…}} as {@code $${…}}, as picocli would otherwise substitute it
 * @param apply puts a value into the builder
 * @param defaultSupplier the value used when the setting is not given, or null when there is none
 *     (a boolean's absence is false); the builders start from it, so it is defined only here
 * @param defaultText how {@link #help()} shows the default, or null for the value itself
 */
public record ShipSetting<T>(
    String path,
    List<String> flags,
    String paramLabel,
    Type<T> type,
    String description,
    BiConsumer<ShipperConfig.Builder, T> apply,
    Supplier<T> defaultSupplier,
    String defaultText) {
  public ShipSetting {
    flags = List.copyOf(flags);
    if (defaultSupplier != null && defaultText == null) {
      defaultText = String.valueOf(defaultSupplier.get());
    }
    if (paramLabel == null) {
      paramLabel = "<" + path.substring(path.lastIndexOf('.') + 1) + ">";
    }
  }

  /** This setting without a default: the same with {@code value} as its default. */
  ShipSetting<T> withDefault(Supplier<T> value, String text) {
    return new ShipSetting<>(path, flags, paramLabel, type, description, apply, value, text);
  }

  /** The value used when the setting is not given (computed now for a computed one), or null. */
  public T defaultValue() {
    return defaultSupplier == null ? null : defaultSupplier.get();
  }

  /**
   * The flag's help text (shown in {@code --help} and docs/reference.md): the description with
   * {@code (default: …)} generated from {@link #defaultText()}, before its final full stop.
   */
  public String help() {
    if (description == null || defaultText == null) {
      return description;
    }
    String shown = " (default: " + defaultText + ")";
    return description.endsWith(".")
        ? description.substring(0, description.length() - 1) + shown + "."
        : description + shown;
  }

  /** The last segment of {@link #path()}, the key inside its section. */
  public String key() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** The section of {@link #path()} ({@code ""} at the top level). */
  public String section() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /** The long flag, or null for a YAML-only setting. */
  public String flag() {
    return flags.isEmpty() ? null : flags.get(flags.size() - 1);
  }

  /** How this setting is named in an error about a flag: {@code --topic (kafka.topic)}. */
  public String flagAndKey() {
    return flag() + " (" + path + ")";
  }

  /** Reads this setting's value from its YAML section and puts it into {@code b}. */
  void applyYaml(ShipperConfig.Builder b, JsonNode section, String origin) {
    apply.accept(b, type.fromYaml(section, key(), path, origin));
  }

  /** Converts a flag's parsed value (of {@link Type#flagType()}) and puts it into {@code b}. */
  public void applyFlag(ShipperConfig.Builder b, Object flagValue) {
    apply.accept(b, type.fromFlag(flagValue, flagAndKey()));
  }

  /**
   * A value type: the Java type picocli parses a flag into, and how YAML and flag values become the
   * builder's value. {@code where} is the setting's YAML path (from a file) or {@code --flag
   * (path)} (from a flag), and errors name it.
   */
  public interface Type<T> {
    Class<?> flagType();

    T fromYaml(JsonNode section, String key, String where, String origin);

    T fromFlag(Object value, String where);

    /** A plain YAML string value. */
    Type<String> TEXT = simple(String.class, ShipSetting::text, (v, w) -> (String) v);

    /** A file system path. */
    Type<Path> PATH =
        simple(Path.class, (n, k, w, o) -> Path.of(text(n, k, w, o)), (v, w) -> (Path) v);

    /** true or false; as a flag, present means true. */
    Type<Boolean> BOOLEAN =
        simple(
            Boolean.class,
            (n, k, w, o) -> {
              if (!n.get(k).isBoolean()) {
                throw new IllegalArgumentException(o + ": '" + k + "' must be true or false");
              }
              return n.get(k).asBoolean();
            },
            (v, w) -> (Boolean) v);

    /** A whole number that fits an int. */
    Type<Integer> INT =
        simple(Integer.class, (n, k, w, o) -> (int) whole(n, k, o), (v, w) -> (Integer) v);

    /** A whole number. */
    Type<Long> LONG = simple(Long.class, ShipSetting::whole, (v, w) -> (Long) v);

    /** A duration in {@link Durations}' grammar, e.g. {@code 500ms}, {@code 5m}. */
    Type<Duration> DURATION =
        simple(
            String.class,
            (n, k, w, o) -> Durations.parse(text(n, k, w, o), o + ": " + k),
            (v, w) -> Durations.parse((String) v, w));

    /** {@code beginning} or {@code end}. */
    Type<ReadFrom> READ_FROM =
        simple(
            String.class,
            (n, k, w, o) -> readFrom(text(n, k, w, o), o + ": " + k),
            (v, w) -> readFrom((String) v, w));

    /** A mapping of plain values; as a flag, repeatable {@code KEY=VALUE}. */
    Type<Map<String, String>> MAP =
        simple(Map.class, (n, k, w, o) -> strings(n.get(k), w, o), (v, w) -> castMap(v));

    private static <T> Type<T> simple(Class<?> flagType, FromYaml<T> yaml, FromFlag<T> flag) {
      return new Type<>() {
        @Override
        public Class<?> flagType() {
          return flagType;
        }

        @Override
        public T fromYaml(JsonNode section, String key, String where, String origin) {
          return yaml.read(section, key, where, origin);
        }

        @Override
        public T fromFlag(Object value, String where) {
          return flag.convert(value, where);
        }
      };
    }
  }

  @FunctionalInterface
  interface FromYaml<T> {
    T read(JsonNode section, String key, String where, String origin);
  }

  @FunctionalInterface
  interface FromFlag<T> {
    T convert(Object value, String where);
  }

  /** Parses {@code beginning} or {@code end}; {@code where} names the setting in the error. */
  public static ReadFrom readFrom(String text, String where) {
    try {
      return ReadFrom.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ": '" + text + "' must be 'beginning' or 'end'", e);
    }
  }

  static String text(JsonNode node, String key, String where, String origin) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw new IllegalArgumentException(origin + ": '" + key + "' must be a plain value");
    }
    return value.asText();
  }

  static long whole(JsonNode node, String key, String where, String origin) {
    return whole(node, key, origin);
  }

  static long whole(JsonNode node, String key, String origin) {
    JsonNode value = node.get(key);
    if (!value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(origin + ": '" + key + "' must be a whole number");
    }
    return value.asLong();
  }

  /** A YAML mapping of plain values; {@code where} is its dotted path. */
  static Map<String, String> strings(JsonNode node, String where, String origin) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(origin + ": " + where + " must be a mapping");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().isContainerNode()) {
        throw new IllegalArgumentException(
            origin + ": " + where + "." + e.getKey() + " must be a plain value");
      }
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> castMap(Object value) {
    return (Map<String, String>) value;
  }
}
