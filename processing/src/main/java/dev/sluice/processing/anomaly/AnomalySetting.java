package dev.sluice.processing.anomaly;

import dev.sluice.model.config.Durations;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One setting of {@link AnomalyConfig}, read from its record component and {@link Setting}: the
 * name users write, the type, the default, the accepted range and the meaning. Everything the
 * config does by name (parse, check, print, the reference's table) goes through these, so a setting
 * is defined once, by its component. Immutable.
 */
public final class AnomalySetting {
  private final RecordComponent component;
  private final Class<?> type;
  private final Setting spec;
  private final String name;
  private final Object defaultValue;

  private AnomalySetting(RecordComponent component) {
    this.component = component;
    this.type = component.getType();
    this.spec = component.getAnnotation(Setting.class);
    if (spec == null) {
      throw new IllegalStateException(component + " has no @Setting");
    }
    this.name = kebab(component.getName());
    this.defaultValue = parse(spec.value());
  }

  /** The settings of {@code record}, one per component, in declaration order. */
  static List<AnomalySetting> of(Class<? extends Record> record) {
    List<AnomalySetting> all = new ArrayList<>();
    for (RecordComponent c : record.getRecordComponents()) {
      all.add(new AnomalySetting(c));
    }
    return List.copyOf(all);
  }

  /** A new {@code record} from its component values, in declaration order. */
  static <R extends Record> R construct(Class<R> record, Object[] values) {
    Class<?>[] types =
        Arrays.stream(record.getRecordComponents())
            .map(RecordComponent::getType)
            .toArray(Class<?>[]::new);
    try {
      return record.getDeclaredConstructor(types).newInstance(values);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The name after {@code --anomaly}, e.g. {@code evidence-threshold}. */
  public String name() {
    return name;
  }

  /** One line: what the setting does. */
  public String meaning() {
    return spec.meaning();
  }

  /** The default as a user writes it, e.g. {@code 2h}. */
  public String defaultText() {
    return spec.value();
  }

  /** Whether {@code --anomaly name=value} sets it. */
  public boolean byName() {
    return spec.byName();
  }

  /** The accepted values in words, e.g. {@code a number in (0, 1]}. */
  public String range() {
    boolean duration = type == Duration.class;
    String kind = duration ? "a duration" : type == double.class ? "a number" : "a whole number";
    return kind + bounds() + (duration ? " (e.g. 90s, 5m, 2h, 1d)" : "");
  }

  private String bounds() {
    boolean low = spec.min() != Double.NEGATIVE_INFINITY;
    boolean high = spec.max() != Double.POSITIVE_INFINITY;
    if (low && high) {
      return (spec.minOpen() ? " in (" : " in [")
          + number(spec.min())
          + ", "
          + number(spec.max())
          + (spec.maxOpen() ? ")" : "]");
    }
    if (low) {
      return (spec.minOpen() ? " > " : " >= ") + number(spec.min());
    }
    return high ? (spec.maxOpen() ? " < " : " <= ") + number(spec.max()) : "";
  }

  Object defaultValue() {
    return defaultValue;
  }

  /**
   * The value of {@code text} in this setting's type (the range is checked by {@link #check}).
   *
   * @throws IllegalArgumentException naming the setting and what it accepts
   */
  Object parse(String text) {
    try {
      if (type == Duration.class) {
        return Durations.parse(text);
      }
      String t = text.strip();
      return type == double.class
          ? Double.parseDouble(t)
          : type == int.class ? (Object) Integer.parseInt(t) : Long.parseLong(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "anomaly setting " + name + ": '" + text + "' is not " + range());
    }
  }

  /**
   * {@code value} as this setting's type: a {@link Duration} for a duration, a number for the rest.
   *
   * @throws IllegalArgumentException if it is neither
   */
  Object coerce(Object value) {
    Class<?> t = type;
    if (t == Duration.class && value instanceof Duration) {
      return value;
    }
    if (t == double.class && value instanceof Number n) {
      return n.doubleValue();
    }
    if (t != Duration.class && (value instanceof Integer || value instanceof Long)) {
      long n = ((Number) value).longValue();
      return t == int.class ? (Object) Math.toIntExact(n) : n;
    }
    throw new IllegalArgumentException(
        "anomaly setting " + name + " takes " + range() + ", got " + value);
  }

  /**
   * @throws IllegalArgumentException naming the setting, the value and the accepted range, if
   *     {@code value} is outside it
   */
  void check(Object value) {
    double x =
        value instanceof Duration d
            ? d.getSeconds() + d.getNano() / 1e9
            : ((Number) value).doubleValue();
    boolean ok =
        (spec.minOpen() ? x > spec.min() : x >= spec.min())
            && (spec.maxOpen() ? x < spec.max() : x <= spec.max());
    if (!ok) {
      throw new IllegalArgumentException(
          "anomaly setting " + name + "=" + value + " is out of range: it must be " + range());
    }
  }

  /** The value of this setting in {@code config}. */
  Object get(Record config) {
    try {
      return component.getAccessor().invoke(config);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return name;
  }

  private static String number(double d) {
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
