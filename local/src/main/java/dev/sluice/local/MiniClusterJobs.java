package dev.sluice.local;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Runs a job built on a {@link StreamExecutionEnvironment} on a given {@link MiniCluster} (the one
 * {@code sluice run} starts with its web UI), rather than on a new local one.
 */
public final class MiniClusterJobs {
  private MiniClusterJobs() {}

  /** Submits the graph built on {@code env} under {@code name} and returns its job id. */
  public static JobID submit(MiniCluster cluster, StreamExecutionEnvironment env, String name)
      throws Exception {
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(name);
    return cluster.submitJob(graph).get(2, TimeUnit.MINUTES).getJobID();
  }

  /**
   * Waits for the job to end.
   *
   * @throws IllegalStateException with the job's failure as cause, if it failed
   */
  public static JobResult await(MiniCluster cluster, JobID job, Duration timeout) throws Exception {
    JobResult result = cluster.requestJobResult(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!result.isSuccess()) {
      Throwable cause = result.getSerializedThrowable().map(t -> (Throwable) t).orElse(null);
      throw new IllegalStateException(
          "job " + job + " ended " + result.getApplicationStatus(), cause);
    }
    return result;
  }

  /** The job's checkpoint statistics (also after it ended). */
  public static CheckpointStatsSnapshot checkpoints(MiniCluster cluster, JobID job)
      throws Exception {
    return cluster
        .getArchivedExecutionGraph(job)
        .get(1, TimeUnit.MINUTES)
        .getCheckpointStatsSnapshot();
  }
}
