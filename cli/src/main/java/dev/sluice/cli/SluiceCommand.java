package dev.sluice.cli;

import dev.sluice.cli.alert.AlertCommand;
import dev.sluice.ship.ShipCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code sluice} command. Each verb is a class of its own, listed here. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A streaming log pipeline: Kafka in, Flink in the middle, Avro on S3 out.",
    subcommands = {
      StackCommand.class,
      ShipCommand.class,
      RunCommand.class,
      SubmitCommand.class,
      JobsCommand.class,
      StopCommand.class,
      DemoCommand.class,
      QueryCommand.class,
      AlertCommand.class,
      UiCommand.class,
      TemplatesCommand.class,
      BenchCommand.class,
    })
public final class SluiceCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a command, e.g. 'sluice stack'");
  }
}
