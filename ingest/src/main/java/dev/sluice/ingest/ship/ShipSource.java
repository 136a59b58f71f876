package dev.sluice.ingest.ship;

import dev.sluice.ingest.file.PathGlob;
import dev.sluice.ingest.multiline.MultilineOptions;
import dev.sluice.ingest.parse.LogParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One input of records with one service and one parser: files matching globs (a {@code sources[]}
 * entry or {@code --path}), or standard input (no paths).
 *
 * @param mustParse whether a record the parser does not understand goes to the rejects topic (true)
 *     or is shipped as an unparsed event with level UNKNOWN (false)
 * @param labels the shipper's static labels with the source's own over them
 * @param multiline how lines merge into records, or null for one record per line
 */
public record ShipSource(
    List<PathGlob> paths,
    String service,
    String parserName,
    LogParser parser,
    boolean mustParse,
    Map<String, String> labels,
    MultilineOptions multiline) {
  public ShipSource {
    paths = List.copyOf(paths);
    labels = Map.copyOf(labels);
  }

  /** One line for logs: service, paths, parser (no labels, which may be anything). */
  public String summary() {
    return "source service="
        + service
        + " paths="
        + paths
        + " parser="
        + parserName
        + (mustParse ? " (must parse)" : "");
  }

  /** Formats whose records are one line each, so they merge no lines unless told to. */
  private static final Set<String> ONE_LINE_FORMATS =
      Set.of(
          "json",
          "jsonl",
          "ndjson",
          "combined",
          "common",
          "nginx",
          "apache",
          "syslog",
          "syslog5424",
          "rfc5424",
          "syslog3164",
          "rfc3164");

  /**
   * How a source merges lines: {@code mode} is {@code stack-traces}, {@code none}, {@code
   * start-pattern} or {@code continuation-pattern} (null: stack traces, except for one-line formats
   * — json, combined, common, syslog — which default to none); null fields take the multiline
   * defaults.
   */
  public record Multiline(
      String mode,
      String pattern,
      Integer maxChars,
      Integer maxLines,
      java.time.Duration flushTimeout) {}

  /**
   * A source as given, before validation; null service and parser take the defaults.
   *
   * @param regex the pattern with named groups for parser {@code regex}, else null
   */
  record Spec(
      List<String> paths,
      String service,
      String parser,
      String regex,
      boolean mustParse,
      Map<String, String> labels,
      Multiline multiline) {
    Spec {
      paths = List.copyOf(paths);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /**
     * Validates and builds; {@code needsPaths} is false for stdin.
     *
     * @throws IllegalArgumentException with a message that says what to change
     */
    ShipSource build(String defaultService, Map<String, String> defaultLabels, boolean needsPaths) {
      if (needsPaths && paths.isEmpty()) {
        throw new IllegalArgumentException("a source needs at least one path glob");
      }
      List<PathGlob> globs = new ArrayList<>();
      for (String path : paths) {
        globs.add(PathGlob.of(path));
      }
      String sourceService = service != null ? service : defaultService;
      if (!needsPaths && (sourceService == null || sourceService.isBlank())) {
        throw new IllegalArgumentException(
            "--stdin needs --service (service), the events' service");
      }
      if (sourceService == null || sourceService.isBlank()) {
        throw new IllegalArgumentException(
            "no service for " + paths + ": set --service (service, or sources[].service)");
      }
      String parserName = parser != null ? parser : "auto";
      LogParser logParser = ParserLookup.byName(parserName, regex);
      Map<String, String> merged = new LinkedHashMap<>(defaultLabels);
      merged.putAll(labels);
      return new ShipSource(
          globs,
          sourceService,
          parserName,
          logParser,
          mustParse,
          merged,
          multilineOptions(multiline, parserName));
    }
  }

  private static MultilineOptions multilineOptions(Multiline m, String parserName) {
    String mode = m == null ? null : m.mode();
    if (mode == null) {
      mode =
          ONE_LINE_FORMATS.contains(parserName.toLowerCase(Locale.ROOT)) ? "none" : "stack-traces";
    }
    MultilineOptions.Builder b = MultilineOptions.builder();
    switch (mode) {
      case "none":
        return null;
      case "stack-traces":
        b.stackTraces();
        break;
      case "start-pattern":
        b.startPattern(requirePattern(m, mode));
        break;
      case "continuation-pattern":
        b.continuationPattern(requirePattern(m, mode));
        break;
      default:
        throw new IllegalArgumentException(
            "multiline mode '"
                + mode
                + "' is not one of stack-traces, none, start-pattern, continuation-pattern");
    }
    if (m != null && m.maxChars() != null) b.maxChars(m.maxChars());
    if (m != null && m.maxLines() != null) b.maxLines(m.maxLines());
    if (m != null && m.flushTimeout() != null) b.flushTimeout(m.flushTimeout());
    return b.build();
  }

  private static String requirePattern(Multiline m, String mode) {
    if (m == null || m.pattern() == null || m.pattern().isEmpty()) {
      throw new IllegalArgumentException("multiline mode " + mode + " needs a pattern");
    }
    return m.pattern();
  }
}
