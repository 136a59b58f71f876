package dev.sluice.cli;

import dev.sluice.ingest.bench.ShipBenchmark;
import dev.sluice.local.Directories;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice bench ship}: the shipper against a plain kafka-clients producer and {@code kcat -P}
 * of the same raw lines, for a combined access log and for JSON logs, in the same run (logic in
 * {@link ShipBenchmark}).
 */
@Command(
    name = "ship",
    mixinStandardHelpOptions = true,
    description =
        "Ship N lines of combined access log and of JSON logs from a file to Kafka with the"
            + " shipper (parse, enrich, encode, tracked delivery), with a plain kafka-clients"
            + " producer of the raw lines and with kcat -P (when installed), all with the"
            + " shipper's producer settings; print lines/s, MiB/s, CPU (measured pass and whole"
            + " JVM), peak RSS and the load average, and the ratios.")
public final class BenchShipCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--lines",
      defaultValue = "500000",
      description = "Lines per workload (default: ${DEFAULT-VALUE}).")
  int lines;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description =
          "Rounds, the sides alternating in each; medians are reported (default:"
              + " ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--warmup-lines",
      defaultValue = "100000",
      description =
          "Lines each JVM ships before the measured pass, so that it runs compiled code; 0 for"
              + " none (default: ${DEFAULT-VALUE}).")
  int warmupLines;

  @Option(
      names = "--heap",
      defaultValue = "96m",
      description =
          "Maximum heap (-Xmx) of each worker JVM; 96m is what ship/README.md recommends for"
              + " the shipper (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      description = "Kafka to ship to (default: an embedded broker started for the run).")
  String bootstrapServers;

  @Option(
      names = "--work-dir",
      description = "Where inputs and state go (default: a temporary directory, deleted after).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    if (!heap.matches("\\d+[kKmMgG]?")) {
      throw new UserException("--heap '" + heap + "' is not a JVM heap size, e.g. 512m or 2g");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = workDir != null ? workDir : Files.createTempDirectory("sluice-bench-ship-");
    try (BenchKafka kafka = BenchKafka.open(bootstrapServers, out)) {
      ShipBenchmark.Options options;
      try {
        options =
            new ShipBenchmark.Options(
                kafka.bootstrapServers(),
                lines,
                dir,
                heap,
                "bench-ship",
                rounds,
                warmupLines,
                null);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      new ShipBenchmark(options, out).run();
      return 0;
    } finally {
      if (workDir == null) {
        Directories.deleteRecursively(dir);
      }
    }
  }
}
