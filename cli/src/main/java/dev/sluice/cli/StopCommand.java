package dev.sluice.cli;

import dev.sluice.cli.flink.FlinkClusterClient;
import dev.sluice.cli.flink.FlinkOptions;
import dev.sluice.ship.UserException;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice stop --savepoint JOB}: stops a job gracefully after taking a savepoint and prints
 * the savepoint path, to restart from with {@code sluice submit --from-savepoint}.
 */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = {
      "Stop a job with a savepoint; prints the savepoint path.",
      "Upgrade: sluice stop --savepoint JOB, then sluice submit --from-savepoint PATH …"
    })
public final class StopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin FlinkOptions flink;

  @Parameters(paramLabel = "JOB_ID", description = "The job to stop (see 'sluice jobs').")
  String jobId;

  @Option(
      names = "--savepoint",
      required = true,
      description = "Take a savepoint before stopping (required: Sluice never stops a job blind).")
  boolean savepoint;

  @Option(
      names = "--savepoint-dir",
      description =
          "Where to write it (default: the cluster's execution.checkpointing.savepoint-dir).")
  String savepointDir;

  @Option(
      names = "--drain",
      description =
          "Advance event time to the end first, closing all windows (for a final stop,"
              + " not an upgrade).")
  boolean drain;

  @Override
  public Integer call() throws Exception {
    JobID job;
    try {
      job = JobID.fromHexString(jobId);
    } catch (IllegalArgumentException e) {
      throw new UserException(
          "'" + jobId + "' is not a Flink job id (32 hex digits; see 'sluice jobs')");
    }
    try (FlinkClusterClient client = flink.connect()) {
      String path;
      try {
        path = client.stopWithSavepoint(job, savepointDir, drain);
      } catch (java.net.ConnectException | java.util.concurrent.TimeoutException e) {
        throw new UserException(
            "cannot reach Flink at " + client.endpoint() + ": " + e.getMessage(), 1, e);
      } catch (Exception e) {
        Throwable checkpoint = causeNamed(e, "CheckpointException");
        if (checkpoint == null) {
          throw e;
        }
        throw new UserException(
            "the savepoint failed, the job keeps running: "
                + checkpoint.getMessage().lines().findFirst().orElse("")
                + " (are all its tasks RUNNING? see "
                + client.endpoint()
                + "/#/job/running)",
            1,
            e);
      }
      spec.commandLine().getOut().println(path);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  private static Throwable causeNamed(Throwable e, String simpleName) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals(simpleName)) {
        return t;
      }
    }
    return null;
  }
}
