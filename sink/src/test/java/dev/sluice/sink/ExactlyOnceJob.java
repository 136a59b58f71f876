package dev.sluice.sink;

import dev.sluice.model.LogEvent;
import dev.sluice.sink.internal.S3Committable;
import dev.sluice.sink.internal.S3WriterState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A test job: a rate-limited, checkpointed source of ids 0..n-1 turned into {@link LogEvent}s and
 * written by an {@link S3Sink}, with failures injected after checkpoints and inside a commit.
 * Failure switches are static because Flink rebuilds the functions on every restart (the
 * MiniCluster shares this JVM).
 */
final class ExactlyOnceJob {
  static final Instant T0 = Instant.parse("2026-11-26T06:00:00Z");

  /** Failures still to inject after a checkpoint completed. */
  static final AtomicInteger FAILURES_AFTER_CHECKPOINT = new AtomicInteger();

  /** Whether to fail once in the middle of a commit. */
  static final AtomicBoolean FAIL_IN_COMMIT = new AtomicBoolean();

  /** Counts: completed checkpoints seen by subtask 0 of the mapper; task (re)starts. */
  static final AtomicInteger CHECKPOINTS = new AtomicInteger();

  static final AtomicInteger STARTS = new AtomicInteger();

  /** Sink writers and committers created or restored (counted before they touch S3). */
  static final AtomicInteger SINK_STARTS = new AtomicInteger();

  static final AtomicInteger INJECTED = new AtomicInteger();

  /** An S3 outage for {@link OutageInCommitSink}: stops the server; set by the test. */
  static volatile Runnable outageStart = () -> {};

  /** Ends the outage: restarts the server; set by the test. */
  static volatile Runnable outageEnd = () -> {};

  /** Whether to take S3 away during one commit (see {@link OutageInCommitSink}). */
  static final AtomicBoolean OUTAGE_IN_COMMIT = new AtomicBoolean();

  /** Commit calls that were retries of a request handed back with {@code retryLater()}. */
  static final AtomicInteger RETRIED_COMMITS = new AtomicInteger();

  private ExactlyOnceJob() {}

  static void reset(int failuresAfterCheckpoint, boolean failInCommit) {
    FAILURES_AFTER_CHECKPOINT.set(failuresAfterCheckpoint);
    FAIL_IN_COMMIT.set(failInCommit);
    CHECKPOINTS.set(0);
    STARTS.set(0);
    SINK_STARTS.set(0);
    INJECTED.set(0);
    OUTAGE_IN_COMMIT.set(false);
    RETRIED_COMMITS.set(0);
  }

  static StreamExecutionEnvironment environment(int parallelism) {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1000);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(300));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.setParallelism(parallelism);
    env.enableCheckpointing(1000);
    return env;
  }

  /** Adds source → events → sink to {@code env}. */
  static void build(
      StreamExecutionEnvironment env,
      long count,
      double perSecond,
      int padding,
      Sink<LogEvent> sink) {
    DataGeneratorSource<Long> ids =
        new DataGeneratorSource<>(
            index -> index, count, RateLimiterStrategy.perSecond(perSecond), Types.LONG);
    env.fromSource(ids, WatermarkStrategy.noWatermarks(), "ids")
        .uid("ids")
        .map(new ToEvent(padding))
        .returns(new AvroTypeInfo<>(LogEvent.class))
        .uid("to-event")
        .name("to event (fails after checkpoints)")
        .sinkTo(sink)
        .uid("s3-sink")
        .name("s3 sink");
  }

  /** Id to event: three services, three seconds apart (so hours change); fails on request. */
  static final class ToEvent extends RichMapFunction<Long, LogEvent> implements CheckpointListener {
    private final int padding;
    private transient boolean failNext;
    private transient int checkpointsSinceStart;

    ToEvent(int padding) {
      this.padding = padding;
    }

    @Override
    public void open(OpenContext openContext) {
      STARTS.incrementAndGet();
    }

    @Override
    public LogEvent map(Long id) {
      if (failNext) {
        failNext = false;
        if (FAILURES_AFTER_CHECKPOINT.getAndDecrement() > 0) {
          INJECTED.incrementAndGet();
          throw new IllegalStateException("injected failure after a checkpoint");
        }
      }
      return TestRecords.event(id, "svc-" + (id % 3), T0.plusSeconds(3 * id), padding);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
        CHECKPOINTS.incrementAndGet();
        checkpointsSinceStart++;
        // let the sink commit something first, then fail on the next record
        if (checkpointsSinceStart >= 2 && FAILURES_AFTER_CHECKPOINT.get() > 0) {
          failNext = true;
        }
      }
    }
  }

  /**
   * An {@link S3Sink} that counts writer starts and whose committer, if asked to, once, completes
   * the first half of a commit and then dies, as a task manager crash in the middle of a commit
   * would.
   */
  static final class CommitCrashingSink
      implements Sink<LogEvent>,
          SupportsWriterState<LogEvent, S3WriterState>,
          SupportsCommitter<S3Committable> {
    private final S3Sink<LogEvent> delegate;

    CommitCrashingSink(S3Sink<LogEvent> delegate) {
      this.delegate = delegate;
    }

    @Override
    public SinkWriter<LogEvent> createWriter(WriterInitContext context) throws java.io.IOException {
      SINK_STARTS.incrementAndGet();
      return delegate.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<LogEvent, S3WriterState> restoreWriter(
        WriterInitContext context, Collection<S3WriterState> state) throws java.io.IOException {
      SINK_STARTS.incrementAndGet();
      return delegate.restoreWriter(context, state);
    }

    @Override
    public SimpleVersionedSerializer<S3WriterState> getWriterStateSerializer() {
      return delegate.getWriterStateSerializer();
    }

    @Override
    public Committer<S3Committable> createCommitter(CommitterInitContext context)
        throws java.io.IOException {
      SINK_STARTS.incrementAndGet();
      Committer<S3Committable> committer = delegate.createCommitter(context);
      return new Committer<>() {
        @Override
        public void commit(Collection<CommitRequest<S3Committable>> requests)
            throws java.io.IOException, InterruptedException {
          long uploads = requests.stream().filter(r -> r.getCommittable().hasUpload()).count();
          if (uploads >= 2 && FAIL_IN_COMMIT.compareAndSet(true, false)) {
            java.util.List<CommitRequest<S3Committable>> firstHalf =
                requests.stream()
                    .filter(r -> r.getCommittable().hasUpload())
                    .limit(uploads / 2)
                    .toList();
            committer.commit(firstHalf);
            INJECTED.incrementAndGet();
            throw new IllegalStateException("injected failure in the middle of a commit");
          }
          committer.commit(requests);
        }

        @Override
        public void close() throws Exception {
          committer.close();
        }
      };
    }

    @Override
    public SimpleVersionedSerializer<S3Committable> getCommittableSerializer() {
      return delegate.getCommittableSerializer();
    }
  }

  /**
   * An {@link S3Sink} whose writers come from one sink and committers from another (so the two can
   * retry differently), and whose committer, once, commits while the S3 server is stopped: the
   * server stops before the call and is started again when the call returns or throws.
   */
  static final class OutageInCommitSink
      implements Sink<LogEvent>,
          SupportsWriterState<LogEvent, S3WriterState>,
          SupportsCommitter<S3Committable> {
    private final S3Sink<LogEvent> writers;
    private final S3Sink<LogEvent> committers;

    OutageInCommitSink(S3Sink<LogEvent> writers, S3Sink<LogEvent> committers) {
      this.writers = writers;
      this.committers = committers;
    }

    @Override
    public SinkWriter<LogEvent> createWriter(WriterInitContext context) throws java.io.IOException {
      SINK_STARTS.incrementAndGet();
      return writers.createWriter(context);
    }

    @Override
    public StatefulSinkWriter<LogEvent, S3WriterState> restoreWriter(
        WriterInitContext context, Collection<S3WriterState> state) throws java.io.IOException {
      SINK_STARTS.incrementAndGet();
      return writers.restoreWriter(context, state);
    }

    @Override
    public SimpleVersionedSerializer<S3WriterState> getWriterStateSerializer() {
      return writers.getWriterStateSerializer();
    }

    @Override
    public Committer<S3Committable> createCommitter(CommitterInitContext context)
        throws java.io.IOException {
      SINK_STARTS.incrementAndGet();
      Committer<S3Committable> committer = committers.createCommitter(context);
      return new Committer<>() {
        @Override
        public void commit(Collection<CommitRequest<S3Committable>> requests)
            throws java.io.IOException, InterruptedException {
          if (requests.stream().anyMatch(r -> r.getNumberOfRetries() > 0)) {
            RETRIED_COMMITS.incrementAndGet();
          }
          boolean uploads = requests.stream().anyMatch(r -> r.getCommittable().hasUpload());
          if (uploads && OUTAGE_IN_COMMIT.compareAndSet(true, false)) {
            outageStart.run();
            INJECTED.incrementAndGet();
            try {
              committer.commit(requests);
            } finally {
              outageEnd.run();
            }
            return;
          }
          committer.commit(requests);
        }

        @Override
        public void close() throws Exception {
          committer.close();
        }
      };
    }

    @Override
    public SimpleVersionedSerializer<S3Committable> getCommittableSerializer() {
      return committers.getCommittableSerializer();
    }
  }
}
