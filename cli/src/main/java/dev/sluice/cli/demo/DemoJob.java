package dev.sluice.cli.demo;

import dev.sluice.local.EmbeddedFlink;
import dev.sluice.local.EmbeddedS3;
import dev.sluice.local.LocalStack;
import dev.sluice.local.MiniClusterJobs;
import dev.sluice.processing.JobIo;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.SluiceJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Sluice job of the demo on the stack's MiniCluster: built by {@link SluiceJob} from {@link
 * JobOptions} (the stack's Kafka and S3, the plan's flags), submitted as {@code sluice run} submits
 * it, and ended by a stop-with-savepoint that drains it — event time jumps to the end, so the last
 * windows fire, open anomalies are decided and the final files commit.
 *
 * <p>Guarantees: {@link #drain} returns only after the job has finished; {@link #cancel} is safe to
 * call at any time, also after the job ended.
 */
public final class DemoJob {
  private final MiniCluster cluster;
  private final JobOptions options;
  private final JobID id;

  private DemoJob(MiniCluster cluster, JobOptions options, JobID id) {
    this.cluster = cluster;
    this.options = options;
    this.id = id;
  }

  /** Builds and submits the job on {@code flink}, against {@code stack}'s Kafka and S3. */
  public static DemoJob submit(LocalStack stack, EmbeddedFlink flink, DemoPlan plan)
      throws Exception {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--bootstrap-servers",
            stack.kafka().bootstrapServers(),
            "--s3-endpoint",
            stack.s3().endpoint(),
            "--s3-access-key",
            EmbeddedS3.ACCESS_KEY,
            "--bucket",
            stack.bucket()));
    args.addAll(plan.jobFlags());
    JobOptions options =
        JobOptions.parse(
            args.toArray(String[]::new), Map.of(JobOptions.ENV_SECRET_KEY, EmbeddedS3.SECRET_KEY));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    SluiceJob.build(env, options, JobIo.production(options));
    MiniCluster cluster = flink.cluster();
    return new DemoJob(cluster, options, MiniClusterJobs.submit(cluster, env, SluiceJob.NAME));
  }

  public JobID id() {
    return id;
  }

  public JobOptions options() {
    return options;
  }

  /** The job's status, or null when the cluster does not answer. */
  public JobStatus status() {
    try {
      return cluster.getJobStatus(id).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * Stops the job with a savepoint in {@code savepoints}, draining it, and waits for it to end.
   * Retries while a savepoint cannot be taken yet (tasks still starting).
   *
   * @param cancelled checked between attempts: gives up when it turns true
   * @return the savepoint's path, or null when cancelled
   */
  public String drain(Path savepoints, Duration timeout, BooleanSupplier cancelled)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (!cancelled.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        String path =
            cluster
                .stopWithSavepoint(
                    id, savepoints.toUri().toString(), true, SavepointFormatType.CANONICAL)
                .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        MiniClusterJobs.await(cluster, id, Duration.ofMinutes(1));
        return path;
      } catch (java.util.concurrent.ExecutionException e) {
        last = e;
        Thread.sleep(1000);
      }
    }
    if (last != null && !cancelled.getAsBoolean()) {
      throw last;
    }
    return null;
  }

  /** Cancels the job if it is still running and waits briefly for it to go. */
  public void cancel() {
    try {
      JobStatus s = status();
      if (s != null && !s.isGloballyTerminalState()) {
        cluster.cancelJob(id).get(30, TimeUnit.SECONDS);
        cluster.requestJobResult(id).get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      // the cluster is closed next, which ends the job anyway
    }
  }
}
