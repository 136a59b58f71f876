package dev.sluice.cli;

import dev.sluice.query.shortcut.Shortcuts;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice query anomalies}: anomalies whose window started in the period, newest first. */
@Command(
    name = "anomalies",
    mixinStandardHelpOptions = true,
    description = "Anomalies found in the period, newest first; e.g. --since 1d.")
public final class QueryAnomaliesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin S3ConnectionOptions connection;

  @Mixin QueryOutputOptions output;

  @Mixin SinceOption since;

  @Option(names = "--service", description = "Only this service.")
  String service;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "At most this many anomalies (default: ${DEFAULT-VALUE}).")
  int limit;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    LimitOption.check(limit);
    String sql = Shortcuts.anomalies(service, since.start(clock), limit);
    QueryRunner runner = new QueryRunner(spec.commandLine().getOut(), spec.commandLine().getErr());
    runner.withEngine(
        connection.toConfig(System.getenv()), engine -> runner.print(engine, sql, output.format()));
    return 0;
  }
}
