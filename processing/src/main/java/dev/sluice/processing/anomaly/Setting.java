package dev.sluice.processing.anomaly;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a component of {@link AnomalyConfig} as a setting: its default (in the text a user
 * writes after {@code --anomaly name=}), its accepted range and its one-line meaning. The
 * component's name gives the setting's name ({@code silenceMinEvents} is {@code
 * silence-min-events}) and its type ({@code Duration}, {@code double}, {@code int} or {@code long})
 * the grammar of its value; {@link AnomalySetting} reads the rest from here, so a setting is
 * written in exactly one place.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {
  /** The default, as a user writes it: {@code 1m}, {@code 0.05}, {@code 15}. */
  String value();

  /** What the setting does, one line. */
  String meaning();

  /** Smallest accepted value (for a duration: in seconds). */
  double min() default Double.NEGATIVE_INFINITY;

  /** Whether {@link #min} itself is refused. */
  boolean minOpen() default false;

  /** Largest accepted value. */
  double max() default Double.POSITIVE_INFINITY;

  /** Whether {@link #max} itself is refused. */
  boolean maxOpen() default false;

  /** Whether {@code --anomaly name=value} may set it (false: it comes from another flag). */
  boolean byName() default true;
}
