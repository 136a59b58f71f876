package dev.sluice.sink.internal;

import java.util.List;
import java.util.Objects;

/**
 * One writer's state at a checkpoint: who it is (job, generation, subtask, parallelism), the next
 * file sequence number, and its open files.
 *
 * <p>Guarantee: restoring it gives a writer that continues every open file where the checkpoint
 * left it and never reuses a key that the checkpoint's writer had already used.
 */
public record S3WriterState(
    String jobId,
    long generation,
    int subtask,
    int parallelism,
    long nextSequence,
    List<OpenFileState> openFiles) {

  /** Checks and copies the fields. */
  public S3WriterState {
    Objects.requireNonNull(jobId, "jobId");
    openFiles = List.copyOf(openFiles);
  }
}
