package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice query}: SQL over the stored tables {@code logs}, {@code stats}, {@code anomalies}
 * and {@code rejects}, plus shortcuts for the everyday questions. {@code sluice query "SELECT …"}
 * is the same as {@code sluice query sql "SELECT …"}.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "SQL over the stored tables logs, stats, anomalies and rejects (Apache Calcite).",
      "Columns are the records' fields (http_* flattened), plus dt, \"hour\" and service;"
          + " timestamps are UTC. Quote reserved words: \"hour\", \"count\".",
      "Example: sluice query \"SELECT service, COUNT(*) FROM logs WHERE dt = '2026-11-25'"
          + " GROUP BY service\""
    },
    subcommands = {
      QuerySqlCommand.class,
      QueryLogsCommand.class,
      QueryAnomaliesCommand.class,
      QueryStatsCommand.class,
      QueryExplainCommand.class,
    })
public final class QueryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin S3ConnectionOptions connection;

  @Mixin QueryOutputOptions output;

  @Parameters(arity = "0..1", paramLabel = "SQL", description = "The query to run.")
  String sql;

  @Override
  public Integer call() {
    if (sql == null) {
      throw new ParameterException(
          spec.commandLine(),
          "give a query, e.g. sluice query \"SELECT * FROM logs LIMIT 10\", or a shortcut:"
              + " logs, anomalies, stats, explain");
    }
    QueryRunner runner = new QueryRunner(spec.commandLine().getOut(), spec.commandLine().getErr());
    runner.withEngine(
        connection.toConfig(System.getenv()), engine -> runner.print(engine, sql, output.format()));
    return 0;
  }
}
