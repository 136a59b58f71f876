package dev.sluice.processing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;

/**
 * Configuration for test jobs with generic types disabled ({@code pipeline.generic-types: false}):
 * any record or state type that would fall back to Kryo fails the job at once, so a state class
 * that is not a proper POJO (a {@code List} field, say) fails the build instead of silently
 * serialising through Kryo.
 */
public final class StrictTypes {
  private StrictTypes() {}

  /** {@code config} with generic types disabled. */
  public static Configuration apply(Configuration config) {
    config.set(PipelineOptions.GENERIC_TYPES, false);
    return config;
  }

  /** A new configuration with generic types disabled. */
  public static Configuration config() {
    return apply(new Configuration());
  }
}
