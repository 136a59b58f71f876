package dev.sluice.cli;

import dev.sluice.ingest.bench.NetworkIngestBenchmark;
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
 * {@code sluice bench ingest}: events/s into Kafka through the syslog TCP listener and the HTTP
 * NDJSON endpoint, each beside a plain kafka-clients producer of the same lines (logic in {@link
 * NetworkIngestBenchmark}).
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Send N syslog lines over TCP and N JSON lines over HTTP (NDJSON) into Kafka through"
            + " sluice's listeners, and the same lines with a plain kafka-clients producer of the"
            + " same settings; print events/s and CPU per event of both, their ratio, the"
            + " benchmark client's own rate, and the load average.")
public final class BenchIngestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "200000",
      description = "Events per workload and round (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--connections",
      defaultValue = "8",
      description = "Concurrent TCP senders / HTTP clients (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--lines-per-request",
      defaultValue = "2000",
      description =
          "NDJSON lines per HTTP request, about 440 KB (default: ${DEFAULT-VALUE}; shippers batch"
              + " more: the OpenTelemetry Collector 8192 records, Vector up to 10 MB).")
  int linesPerRequest;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "Rounds per side, in alternating order; the median counts (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      description = "Kafka to send to (default: an embedded broker started for the run).")
  String bootstrapServers;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path stateDir = Files.createTempDirectory("sluice-bench-ingest-");
    try (BenchKafka kafka = BenchKafka.open(bootstrapServers, out)) {
      NetworkIngestBenchmark.Options options;
      try {
        options =
            new NetworkIngestBenchmark.Options(
                kafka.bootstrapServers(), events, connections, linesPerRequest, rounds, stateDir);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
      new NetworkIngestBenchmark(options, out).run();
      return 0;
    } finally {
      Directories.deleteRecursively(stateDir);
    }
  }
}
