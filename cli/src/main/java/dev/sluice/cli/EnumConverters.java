package dev.sluice.cli;

import dev.sluice.model.Level;
import dev.sluice.query.output.ResultFormat;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Enum flag values in any case ({@code --format csv}, {@code --level error}). */
final class EnumConverters {
  private EnumConverters() {}

  static <E extends Enum<E>> E parse(Class<E> type, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'"
              + value
              + "' is not one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", ")));
    }
  }

  /** {@link ResultFormat}. */
  static final class Format implements ITypeConverter<ResultFormat> {
    @Override
    public ResultFormat convert(String value) {
      return parse(ResultFormat.class, value);
    }
  }

  /** {@link Level}. */
  static final class Levels implements ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
      return parse(Level.class, value);
    }
  }
}
