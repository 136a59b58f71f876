package dev.sluice.cli;

import dev.sluice.query.QueryException;
import dev.sluice.query.output.ResultFormat;
import dev.sluice.query.output.ResultPrinter;
import dev.sluice.query.shortcut.AnomalyExplanation;
import dev.sluice.query.shortcut.Since;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice query explain <anomaly-id>}: the anomaly, field by field, then the raw log lines of
 * its service around its window, its exemplar events marked with {@code *}.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = "Show an anomaly and the raw log lines around it (exemplars marked *).")
public final class QueryExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin S3ConnectionOptions connection;

  @Mixin QueryOutputOptions output;

  @Parameters(index = "0", paramLabel = "ANOMALY-ID", description = "The anomaly's id.")
  String anomalyId;

  @Option(
      names = "--around",
      defaultValue = "5m",
      description =
          "Also show lines this long before and after the window (default: ${DEFAULT-VALUE}).")
  String around;

  @Option(
      names = "--limit",
      defaultValue = "200",
      description = "At most this many log lines (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    LimitOption.check(limit);
    Duration margin;
    try {
      margin = Since.parse(around);
    } catch (IllegalArgumentException e) {
      throw new UserException("--around " + e.getMessage());
    }
    QueryRunner runner = new QueryRunner(spec.commandLine().getOut(), spec.commandLine().getErr());
    ResultFormat format = output.format();
    runner.withEngine(
        connection.toConfig(System.getenv()),
        engine -> {
          AnomalyExplanation explanation;
          try {
            explanation = AnomalyExplanation.of(engine, anomalyId, margin, limit);
          } catch (QueryException e) {
            throw QueryRunner.userError(e);
          }
          printAnomaly(explanation.anomaly(), format, runner.out());
          return runner.print(engine, explanation.logsSql(), format);
        });
    return 0;
  }

  private static void printAnomaly(
      Map<String, Object> anomaly, ResultFormat format, PrintWriter out) {
    if (format == ResultFormat.TABLE) {
      int width = anomaly.keySet().stream().mapToInt(String::length).max().orElse(0);
      anomaly.forEach(
          (name, value) ->
              out.println(
                  String.format(
                      "%-" + width + "s  %s",
                      name,
                      value == null ? "NULL" : ResultPrinter.text(value))));
      out.println();
    } else {
      var writer = format.writer(out, java.util.List.copyOf(anomaly.keySet()));
      writer.row(anomaly.values().toArray());
      writer.finish();
      if (format == ResultFormat.CSV) {
        out.println();
      }
    }
    out.flush();
  }
}
