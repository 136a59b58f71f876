package dev.sluice.cli.templates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Loghub-2k style benchmark directory: one folder per dataset {@code <Name>/}, holding the raw
 * log {@code <Name>_2k.log} and the ground truth {@code <Name>_2k.log_structured_corrected.csv}
 * (logparser's {@code data/loghub_2k_corrected}, Khan et al.'s corrected templates) or, failing
 * that, {@code <Name>_2k.log_structured.csv} (the original one). Lines of the raw log and rows of
 * the ground truth correspond in order. {@code contents} is the ground truth's message ("Content")
 * of each line, what a header split should leave.
 */
public record Loghub2k(
    String name, List<String> lines, List<String> truth, List<String> contents, String truthFile) {

  /** The datasets found under {@code dir}, by name. */
  public static List<Loghub2k> read(Path dir) throws IOException {
    List<Loghub2k> sets = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path d : children.sorted().toList()) {
        String name = d.getFileName().toString();
        Path log = d.resolve(name + "_2k.log");
        Path truth = d.resolve(name + "_2k.log_structured_corrected.csv");
        if (!Files.isRegularFile(truth)) {
          truth = d.resolve(name + "_2k.log_structured.csv");
        }
        if (Files.isRegularFile(log) && Files.isRegularFile(truth)) {
          sets.add(load(name, log, truth));
        }
      }
    }
    return sets;
  }

  private static Loghub2k load(String name, Path log, Path truthFile) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    List<List<String>> rows = Csv.parse(Files.readString(truthFile, StandardCharsets.UTF_8));
    if (rows.isEmpty()) {
      throw new UncheckedIOException(new IOException(truthFile + " is empty"));
    }
    int column = rows.get(0).indexOf("EventTemplate");
    int content = rows.get(0).indexOf("Content");
    if (column < 0) {
      throw new IOException(truthFile + " has no EventTemplate column");
    }
    List<String> truth = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      String t = column < row.size() ? row.get(column) : "";
      truth.add(t.isEmpty() ? null : t);
      contents.add(content >= 0 && content < row.size() ? row.get(content) : null);
    }
    if (truth.size() != lines.size()) {
      throw new IOException(
          truthFile
              + " has "
              + truth.size()
              + " rows but "
              + log
              + " has "
              + lines.size()
              + " lines");
    }
    return new Loghub2k(name, lines, truth, contents, truthFile.getFileName().toString());
  }

  /** RFC 4180 CSV: quoted fields, doubled quotes, line breaks inside quotes. */
  static final class Csv {
    private Csv() {}

    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean any = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
          any = true;
        } else if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
          any = true;
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            i++;
          }
          if (any || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
          }
          row = new ArrayList<>();
          field.setLength(0);
          any = false;
        } else {
          field.append(c);
          any = true;
        }
      }
      if (any || field.length() > 0) {
        row.add(field.toString());
        rows.add(row);
      }
      return rows;
    }
  }
}
