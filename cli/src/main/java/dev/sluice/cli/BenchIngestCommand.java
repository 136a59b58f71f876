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
            + " sluice's listeners, and the same lines with a plain kafka-clients producer; print"
            + " events/s of both and their ratio.")
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
      defaultValue = "500",
      description = "NDJSON lines per HTTP request (default: ${DEFAULT-VALUE}).")
  int linesPerRequest;

  @Option(
      names = "--rounds",
      defaultValue = "2",
      description = "Rounds per side; the fastest counts (default: ${DEFAULT-VALUE}).")
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
