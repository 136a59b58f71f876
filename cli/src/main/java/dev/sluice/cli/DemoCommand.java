package dev.sluice.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice demo}: the whole pipeline on one machine. Until the end-to-end issue lands it says
 * so and exits non-zero rather than pretending.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on this machine with demo traffic (not yet available).")
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "sluice demo: not yet — the end-to-end demo is still being built."
                + " Try 'sluice stack' to start the embedded Kafka broker and S3 server.");
    return 3;
  }
}
