package dev.sluice.sink.internal;

import dev.sluice.model.layout.PartFilePath;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * Who a writer is, which decides every key it writes: Flink job id, generation, subtask index, and
 * where its file sequence continues.
 *
 * <p>Rules (see {@link #of}): a writer that gets back its own state (same job, subtask and
 * parallelism) continues its generation and sequence, so a failover reuses the names of what the
 * failed attempt wrote after the checkpoint (and cleans those up) but never the names of anything
 * committed. A writer restored without a state of its own (the job was rescaled) takes the restored
 * checkpoint id as a new generation, so it cannot collide with keys of the old parallelism. A job's
 * first writers (and writers restarted before any checkpoint completed) are generation 0.
 */
public record WriterIdentity(
    String jobId, long generation, int subtask, int parallelism, long nextSequence) {

  /** Works out the identity of a writer being created or restored. */
  public static WriterIdentity of(
      String jobId,
      int subtask,
      int parallelism,
      OptionalLong restoredCheckpointId,
      Collection<S3WriterState> restored) {
    for (S3WriterState s : restored) {
      if (s.jobId().equals(jobId) && s.subtask() == subtask && s.parallelism() == parallelism) {
        return new WriterIdentity(jobId, s.generation(), subtask, parallelism, s.nextSequence());
      }
    }
    // Restored without a state of its own: the job was rescaled (or restored into a new job).
    // Older writers of this job id may have used any name of generation 0 or earlier ones.
    long generation = restoredCheckpointId.orElse(0L);
    return new WriterIdentity(jobId, generation, subtask, parallelism, 0);
  }

  /** The key layout of this writer's file number {@code sequence}. */
  public PartFilePath path(String table, String partition, long sequence) {
    return new PartFilePath(table, partition, jobId, generation, subtask, sequence);
  }

  /** Whether this writer wrote {@code path} (now or in a failed attempt). */
  public boolean owns(PartFilePath path) {
    return path.jobId().equals(jobId)
        && path.generation() == generation
        && path.subtask() == subtask;
  }

  /** This writer's state for a checkpoint. */
  public S3WriterState state(long nextSequence, List<OpenFileState> openFiles) {
    return new S3WriterState(jobId, generation, subtask, parallelism, nextSequence, openFiles);
  }

  @Override
  public String toString() {
    return "writer " + subtask + "/" + parallelism + " (job " + jobId + ", g" + generation + ")";
  }
}
