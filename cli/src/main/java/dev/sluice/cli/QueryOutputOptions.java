package dev.sluice.cli;

import dev.sluice.query.output.ResultFormat;
import picocli.CommandLine.Option;

/** {@code --format table|csv|json}: an aligned table on a terminal, CSV otherwise. */
public final class QueryOutputOptions {
  @Option(
      names = "--format",
      converter = EnumConverters.Format.class,
      description =
          "Output: table, csv or json (one object per line). Default: table on a terminal, csv"
              + " otherwise.")
  ResultFormat format;

  ResultFormat format() {
    if (format != null) {
      return format;
    }
    return System.console() != null ? ResultFormat.TABLE : ResultFormat.CSV;
  }
}
