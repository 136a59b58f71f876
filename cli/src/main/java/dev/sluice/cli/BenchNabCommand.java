package dev.sluice.cli;

import dev.sluice.processing.bench.NabBenchmark;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench nab DIR}: the command around {@link NabBenchmark}, which runs the volume
 * detector over the Numenta Anomaly Benchmark's series and writes NAB results files under {@code
 * --out} for {@code python3 run.py -d <detector> --optimize --score --normalize}.
 */
@Command(
    name = "nab",
    mixinStandardHelpOptions = true,
    description =
        "Run the volume detector over NAB-format series (timestamp,value) and write NAB results"
            + " files (timestamp,value,anomaly_score) for NAB's scorer.")
public final class BenchNabCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "NAB's data folder (category folders of CSV files).")
  Path data;

  @Option(
      names = "--out",
      required = true,
      description = "Results folder of this detector, e.g. NAB/results/sluice.")
  Path out;

  @Option(
      names = "--detector",
      defaultValue = "sluice",
      description = "Detector name in the file names (default: ${DEFAULT-VALUE}).")
  String detector;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(data)) {
      throw new UserException("no NAB data folder at " + data + ": pass NAB's data/ directory");
    }
    NabBenchmark.Summary summary;
    try {
      summary = NabBenchmark.run(data, out, detector);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    PrintWriter console = spec.commandLine().getOut();
    console.printf(
        Locale.ROOT,
        "Wrote %d results files under %s (%d incidents opened). Score them with NAB:"
            + " python3 run.py -d %s --optimize --score --normalize --skipConfirmation%n",
        summary.files(),
        out,
        summary.opens(),
        detector);
    console.flush();
    return 0;
  }
}
