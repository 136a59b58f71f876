package dev.sluice.cli;

import dev.sluice.cli.flink.FlinkClusterClient;
import dev.sluice.cli.flink.FlinkOptions;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice submit}: uploads the shaded job jar to a Flink cluster through its REST API, starts
 * it with the given job arguments (optionally from a savepoint) and prints the job id.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Upload the Sluice job jar to a Flink cluster and start it; prints the job id.",
      "Job arguments go after '--', e.g.:",
      "  sluice submit --flink http://jm:8081 -- --bootstrap-servers kafka:9092"
          + " --s3-endpoint http://minio:9000 --bucket logs"
    })
public final class SubmitCommand implements Callable<Integer> {
  static final Path DEFAULT_JAR = Path.of("processing", "target", "sluice-job.jar");
  static final String DEFAULT_ENTRY_CLASS = "dev.sluice.processing.SluiceJob";

  @Spec CommandSpec spec;
  @Mixin FlinkOptions flink;

  @Option(
      names = "--jar",
      description = "The job jar (default: ${DEFAULT-VALUE}, built by 'mvn package').")
  Path jar = DEFAULT_JAR;

  @Option(
      names = "--entry-class",
      description = "Main class in the jar (default: ${DEFAULT-VALUE}).")
  String entryClass = DEFAULT_ENTRY_CLASS;

  @Option(
      names = {"-p", "--parallelism"},
      description = "Job parallelism (default: the cluster's).")
  Integer parallelism;

  @Option(
      names = {"-s", "--from-savepoint"},
      description = "Start from this savepoint or retained checkpoint (an upgrade).")
  String savepoint;

  @Option(
      names = "--allow-non-restored-state",
      description = "Start even if the savepoint holds state no operator claims.")
  boolean allowNonRestoredState;

  @Parameters(paramLabel = "JOB_ARG", description = "Arguments for the job, after '--'.")
  List<String> jobArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new UserException(
          "no job jar at "
              + jar.toAbsolutePath()
              + ": build it with 'mvn -B -DskipTests package -pl processing -am' or pass --jar");
    }
    if (parallelism != null && parallelism < 1) {
      throw new UserException("--parallelism must be at least 1, got " + parallelism);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (FlinkClusterClient client = flink.connect()) {
      String jarId;
      try {
        jarId = client.uploadJar(jar);
      } catch (java.net.ConnectException | java.util.concurrent.TimeoutException e) {
        throw new UserException(
            "cannot reach Flink at " + client.endpoint() + ": " + e.getMessage(), 1, e);
      }
      JobID job =
          client.runJar(
              jarId,
              new FlinkClusterClient.RunRequest(
                  entryClass, jobArgs, parallelism, savepoint, allowNonRestoredState));
      out.println(job);
      out.flush();
      spec.commandLine()
          .getErr()
          .println("Started job " + job + " on " + client.endpoint() + " (jar " + jarId + ")");
    }
    return 0;
  }
}
