package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice query sql "SELECT …"}: runs one SQL query and prints its rows. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = "Run one SQL query over logs, stats, anomalies and rejects.")
public final class QuerySqlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin S3ConnectionOptions connection;

  @Mixin QueryOutputOptions output;

  @Parameters(index = "0", paramLabel = "SQL", description = "The query to run.")
  String sql;

  @Override
  public Integer call() {
    QueryRunner runner = new QueryRunner(spec.commandLine().getOut(), spec.commandLine().getErr());
    runner.withEngine(
        connection.toConfig(System.getenv()), engine -> runner.print(engine, sql, output.format()));
    return 0;
  }
}
