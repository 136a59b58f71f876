package dev.sluice.sink;

import dev.sluice.model.layout.PartFilePath;
import dev.sluice.sink.internal.BucketLifecycle;
import dev.sluice.sink.internal.S3Committable;
import dev.sluice.sink.internal.S3CommittableSerializer;
import dev.sluice.sink.internal.S3Committer;
import dev.sluice.sink.internal.S3SinkWriter;
import dev.sluice.sink.internal.S3Store;
import dev.sluice.sink.internal.S3WriterState;
import dev.sluice.sink.internal.S3WriterStateSerializer;
import dev.sluice.sink.internal.SinkSettings;
import dev.sluice.sink.internal.WriterIdentity;
import java.io.IOException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink sink that archives Avro records as Avro object container files on S3-compatible storage,
 * exactly once, under Hive-style partitions:
 *
 * <pre>{@code
 * S3Sink<LogEvent> sink =
 *     S3Sink.<LogEvent>builder()
 *         .connection(S3Connection.builder().endpoint("http://minio:9000")
 *             .credentialsFromEnvironment().build())
 *         .bucket("sluice")
 *         .table("logs")
 *         .recordClass(LogEvent.class)
 *         .partitioner(HivePartitioner.byTimeAndService(LogEvent::getEventTime, LogEvent::getService))
 *         .build();
 * stream.sinkTo(sink).name("archive logs").uid("archive-logs");
 * }</pre>
 *
 * <p>Guarantees, with checkpointing enabled:
 *
 * <ul>
 *   <li>Two-phase commit: each file is written as a multipart upload to its final key ({@link
 *       PartFilePath}) and becomes visible only when the checkpoint after it was finished
 *       completes. Only complete, committed Avro files ever appear under {@code <table>/};
 *       temporary objects live under {@code _sluice/tmp/}, which readers skip.
 *   <li>Exactly once: after a failure Flink restores the writer (which continues its open files and
 *       cleans up what the failed attempt left) and re-commits pending files; committing twice is a
 *       success.
 *   <li>Files are sized by the {@link RollingPolicy}, not by the checkpoint interval: an open file
 *       survives checkpoints.
 *   <li>S3 being down or slow fails the checkpoint or commit after retries with backoff, never the
 *       data.
 * </ul>
 *
 * Without checkpointing nothing is ever committed, except at the end of a bounded input.
 *
 * @param <T> the Avro specific record type
 */
public final class S3Sink<T>
    implements Sink<T>, SupportsWriterState<T, S3WriterState>, SupportsCommitter<S3Committable> {
  private static final long serialVersionUID = 1L;

  private final SinkSettings<T> settings;

  S3Sink(SinkSettings<T> settings) {
    this.settings = settings;
  }

  /** A builder; see {@link S3SinkBuilder} for what is required. */
  public static <T> S3SinkBuilder<T> builder() {
    return new S3SinkBuilder<>();
  }

  /** The table this sink writes. */
  public String table() {
    return settings.table();
  }

  /** The bucket this sink writes. */
  public String bucket() {
    return settings.bucket();
  }

  /** The settings, for the sink's own code and tests. */
  public SinkSettings<T> settings() {
    return settings;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<T, S3WriterState> restoreWriter(
      WriterInitContext context, Collection<S3WriterState> recoveredState) throws IOException {
    int subtask = context.getTaskInfo().getIndexOfThisSubtask();
    int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
    S3Store store = newStore();
    if (settings.createBucket()) {
      store.ensureBucket();
    }
    if (subtask == 0 && settings.retention() != null) {
      BucketLifecycle.apply(store, settings.table(), settings.retention());
    }
    WriterIdentity identity =
        WriterIdentity.of(
            context.getJobInfo().getJobId().toHexString(),
            subtask,
            parallelism,
            context.getRestoredCheckpointId(),
            recoveredState);
    return new S3SinkWriter<>(
        settings,
        store,
        identity,
        Clock.systemUTC(),
        recoveredState,
        context.metricGroup().getNumRecordsSendCounter());
  }

  @Override
  public Committer<S3Committable> createCommitter(CommitterInitContext context) throws IOException {
    return new S3Committer(newStore(), context.metricGroup().counter("filesCommitted"));
  }

  private S3Store newStore() {
    return new S3Store(settings.connection(), settings.bucket(), settings.retrier());
  }

  @Override
  public SimpleVersionedSerializer<S3WriterState> getWriterStateSerializer() {
    return new S3WriterStateSerializer();
  }

  @Override
  public SimpleVersionedSerializer<S3Committable> getCommittableSerializer() {
    return new S3CommittableSerializer();
  }

  @Override
  public String toString() {
    return "S3Sink{table="
        + settings.table()
        + ", bucket="
        + settings.bucket()
        + ", "
        + settings.connection()
        + "}";
  }
}
