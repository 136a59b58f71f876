package dev.sluice.processing;

import dev.sluice.model.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value types of the job's flags, as picocli converters: durations in the project's one grammar
 * ({@link Durations}, the grammar of Flink's {@code TimeUtils}), whole numbers of at least 1, and
 * enums written in lower case with dashes ({@code at-least-once}). Each error says what was wrong;
 * {@link JobOptions#parse} prefixes it with the flag.
 */
final class JobFlagTypes {
  private JobFlagTypes() {}

  /** {@code options}' command line, with the job's converters and strict parsing. */
  static CommandLine commandLine(Object options) {
    return new CommandLine(options)
        .setExpandAtFiles(false)
        .setOverwrittenOptionsAllowed(true)
        .registerConverter(Duration.class, JobFlagTypes::duration)
        .registerConverter(Integer.class, JobFlagTypes::positiveInt)
        .registerConverter(int.class, JobFlagTypes::positiveInt)
        .registerConverter(
            JobOptions.StartingOffsets.class, enumOf(JobOptions.StartingOffsets.class))
        .registerConverter(JobOptions.KafkaDelivery.class, enumOf(JobOptions.KafkaDelivery.class));
  }

  static Duration duration(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  static int positiveInt(String value) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
    if (n < 1) {
      throw new TypeConversionException("must be at least 1, got " + n);
    }
    return n;
  }

  static <E extends Enum<E>> ITypeConverter<E> enumOf(Class<E> type) {
    return value -> {
      String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      List<String> names = new ArrayList<>();
      for (E e : type.getEnumConstants()) {
        if (e.name().equals(normalized)) {
          return e;
        }
        names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new TypeConversionException(
          "'" + value + "' is not one of " + String.join(", ", names));
    };
  }
}
