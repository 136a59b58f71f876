package dev.sluice.cli;

import dev.sluice.model.Level;
import dev.sluice.query.shortcut.Shortcuts;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice query logs}: recent log lines, newest first, reading only the hours asked for. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "Recent log lines, newest first; e.g. --service checkout --level ERROR --since 15m --grep timeout.")
public final class QueryLogsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin S3ConnectionOptions connection;

  @Mixin QueryOutputOptions output;

  @Mixin SinceOption since;

  @Option(names = "--service", description = "Only this service.")
  String service;

  @Option(names = "--level", description = "This level or more severe: ${COMPLETION-CANDIDATES}.")
  Level level;

  @Option(names = "--grep", description = "Only messages containing this text (any case).")
  String grep;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "At most this many lines (default: ${DEFAULT-VALUE}).")
  int limit;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    LimitOption.check(limit);
    String sql = Shortcuts.logs(service, level, since.start(clock), grep, limit);
    QueryRunner runner = new QueryRunner(spec.commandLine().getOut(), spec.commandLine().getErr());
    runner.withEngine(
        connection.toConfig(System.getenv()), engine -> runner.print(engine, sql, output.format()));
    return 0;
  }
}
