package dev.sluice.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench …}: benchmarks that run a component side by side with a baseline in the same
 * run and report both figures and their ratio. Each benchmark is a subcommand of its own.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure a component against a baseline in the same run.",
    subcommands = {
      BenchSinkCommand.class,
      BenchShipCommand.class,
      BenchIngestCommand.class,
      BenchQueryCommand.class,
      BenchJobCommand.class,
      BenchFreshnessCommand.class,
      BenchDetectCommand.class,
      BenchTemplatesCommand.class,
      BenchNabCommand.class
    })
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a benchmark, e.g. 'sluice bench sink'");
  }
}
