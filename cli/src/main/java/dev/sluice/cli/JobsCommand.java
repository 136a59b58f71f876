package dev.sluice.cli;

import dev.sluice.cli.flink.FlinkClusterClient;
import dev.sluice.cli.flink.FlinkOptions;
import dev.sluice.ship.UserException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.runtime.client.JobStatusMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sluice jobs}: lists the jobs of a Flink cluster, newest first. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "List the jobs on a Flink cluster: id, state, start time, name.")
public final class JobsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin FlinkOptions flink;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (FlinkClusterClient client = flink.connect()) {
      List<JobStatusMessage> jobs;
      try {
        jobs =
            client.listJobs().stream()
                .sorted(Comparator.comparingLong(JobStatusMessage::getStartTime).reversed())
                .toList();
      } catch (java.net.ConnectException | java.util.concurrent.TimeoutException e) {
        throw new UserException(
            "cannot reach Flink at " + client.endpoint() + ": " + e.getMessage(), 1, e);
      }
      if (jobs.isEmpty()) {
        spec.commandLine().getErr().println("No jobs on " + client.endpoint());
        return 0;
      }
      out.printf("%-32s  %-11s  %-24s  %s%n", "JOB ID", "STATE", "STARTED", "NAME");
      for (JobStatusMessage job : jobs) {
        out.printf(
            "%-32s  %-11s  %-24s  %s%n",
            job.getJobId(),
            job.getJobState(),
            Instant.ofEpochMilli(job.getStartTime()),
            job.getJobName());
      }
      out.flush();
    }
    return 0;
  }
}
