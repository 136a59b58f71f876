package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.templates.OfflineMiner;
import dev.sluice.ingest.parse.AutoParser;
import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.processing.template.TemplateCluster;
import dev.sluice.ship.UserException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice templates FILE…|-}: mines message templates offline from files or stdin, with the
 * parser and the template miner the job uses, and prints the templates with their counts, first and
 * last seen event time and an example, most frequent first — or, with {@code --per-line}, each
 * line's template id. What to run to understand a log one was handed.
 */
@Command(
    name = "templates",
    mixinStandardHelpOptions = true,
    description =
        "Mine message templates from log files (or '-' for stdin) with the job's parser and miner;"
            + " print them with counts, first/last seen and an example.")
public final class TemplatesCommand implements Callable<Integer> {
  /** Output formats. */
  public enum Format {
    table,
    csv,
    json
  }

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files; '-' reads stdin.")
  List<String> files;

  @Option(
      names = "--parser",
      defaultValue = "auto",
      description =
          "How lines are parsed before mining: auto, json, syslog, java, none … (default: ${DEFAULT-VALUE}).")
  String parser;

  @Option(
      names = "--service",
      defaultValue = "templates",
      description =
          "Service name the template ids are derived from; use the shipped service's name to get"
              + " the ids the job stores (default: ${DEFAULT-VALUE}).")
  String service;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--per-line",
      description = "Write each line's template id (and template) instead of the template list.")
  boolean perLine;

  @Option(
      names = "--similarity",
      defaultValue = "0.5",
      description =
          "Smallest share of equal positions to join a template (default: ${DEFAULT-VALUE}).")
  double similarity;

  @Override
  public Integer call() throws IOException {
    LogParser p;
    try {
      p = Parsers.byName(parser);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    if (!(similarity > 0 && similarity <= 1)) {
      throw new UserException("--similarity must be in (0, 1], got " + similarity);
    }
    OfflineMiner miner = new OfflineMiner(p, service, similarity);
    List<TemplateCluster> lines = perLine ? new ArrayList<>() : null;
    for (String file : files) {
      try (BufferedReader in = open(file)) {
        String line;
        while ((line = in.readLine()) != null) {
          TemplateCluster t = miner.add(line).template();
          if (lines != null) {
            lines.add(t);
          }
        }
      } catch (NoSuchFileException e) {
        throw new UserException("no such file: " + file);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (perLine) {
      printPerLine(out, miner, lines);
    } else {
      printTemplates(out, miner);
    }
    if (format == Format.table && !perLine) {
      long unrecognised = p instanceof AutoParser auto ? auto.unrecognised() : 0;
      out.printf(
          Locale.ROOT,
          "%d lines, %d templates%s%n",
          miner.lines(),
          miner.templates().size(),
          unrecognised > 0
              ? "; "
                  + unrecognised
                  + " lines had no header auto recognises (mined whole;"
                  + " try --parser)"
              : "");
    }
    out.flush();
    return 0;
  }

  private BufferedReader open(String file) throws IOException {
    InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file));
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private void printTemplates(PrintWriter out, OfflineMiner miner) {
    List<OfflineMiner.Seen> all = new ArrayList<>(miner.templates());
    all.sort(Comparator.comparingLong((OfflineMiner.Seen s) -> s.count).reversed());
    ObjectMapper json = new ObjectMapper();
    switch (format) {
      case csv -> {
        out.println("template_id,count,first_seen,last_seen,template,example");
        for (OfflineMiner.Seen s : all) {
          out.println(
              String.join(
                  ",",
                  s.template.id,
                  Long.toString(s.count),
                  time(s.firstSeen),
                  time(s.lastSeen),
                  csv(s.template.text()),
                  csv(s.example)));
        }
      }
      case json -> {
        for (OfflineMiner.Seen s : all) {
          ObjectNode o = json.createObjectNode();
          o.put("templateId", s.template.id);
          o.put("count", s.count);
          o.put("firstSeen", s.firstSeen == null ? null : s.firstSeen.toString());
          o.put("lastSeen", s.lastSeen == null ? null : s.lastSeen.toString());
          o.put("template", s.template.text());
          o.put("example", s.example);
          out.println(o.toString());
        }
      }
      default -> {
        out.printf(
            Locale.ROOT,
            "%8s  %-20s  %-20s  %-16s  %s%n",
            "COUNT",
            "FIRST SEEN",
            "LAST SEEN",
            "TEMPLATE ID",
            "TEMPLATE / EXAMPLE");
        for (OfflineMiner.Seen s : all) {
          out.printf(
              Locale.ROOT,
              "%8d  %-20s  %-20s  %-16s  %s%n%62s    e.g. %s%n",
              s.count,
              shortTime(s.firstSeen),
              shortTime(s.lastSeen),
              s.template.id,
              s.template.text(),
              "",
              abbreviate(s.example, 160));
        }
      }
    }
  }

  private void printPerLine(PrintWriter out, OfflineMiner miner, List<TemplateCluster> lines) {
    ObjectMapper json = new ObjectMapper();
    if (format == Format.csv) {
      out.println("line,template_id,template");
    }
    for (int i = 0; i < lines.size(); i++) {
      TemplateCluster t = miner.resolve(lines.get(i));
      switch (format) {
        case csv -> out.println((i + 1) + "," + t.id + "," + csv(t.text()));
        case json -> {
          ObjectNode o = json.createObjectNode();
          o.put("line", i + 1);
          o.put("templateId", t.id);
          o.put("template", t.text());
          out.println(o.toString());
        }
        default -> out.println((i + 1) + "\t" + t.id + "\t" + t.text());
      }
    }
  }

  static String csv(String s) {
    if (s == null) {
      return "";
    }
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static String time(Instant t) {
    return t == null ? "" : t.toString();
  }

  private static String shortTime(Instant t) {
    if (t == null) {
      return "-";
    }
    String s = t.toString();
    return s.length() > 19 ? s.substring(0, 19) : s;
  }

  private static String abbreviate(String s, int max) {
    String line = s.replace('\n', ' ');
    return line.length() <= max ? line : line.substring(0, max) + "…";
  }
}
