package dev.sluice.cli;

import dev.sluice.query.shortcut.Shortcuts;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice query stats}: window statistics of the period, oldest first. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description =
        "Window statistics (counts, errors, latency) of the period; e.g. --service checkout --since 1h.")
public final class QueryStatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin S3ConnectionOptions connection;

  @Mixin QueryOutputOptions output;

  @Mixin SinceOption since;

  @Option(names = "--service", description = "Only this service.")
  String service;

  @Option(
      names = "--limit",
      defaultValue = "10000",
      description = "At most this many windows (default: ${DEFAULT-VALUE}).")
  int limit;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    LimitOption.check(limit);
    String sql = Shortcuts.stats(service, since.start(clock), limit);
    QueryRunner runner = new QueryRunner(spec.commandLine().getOut(), spec.commandLine().getErr());
    runner.withEngine(
        connection.toConfig(System.getenv()), engine -> runner.print(engine, sql, output.format()));
    return 0;
  }
}
