package dev.sluice.processing;

import dev.sluice.model.Anomaly;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.WindowStats;
import dev.sluice.processing.anomaly.AnomalyGraph;
import dev.sluice.processing.source.EventTimeWatermarks;
import dev.sluice.processing.source.SplitRejects;
import dev.sluice.processing.stats.WindowStatsGraph;
import java.util.Arrays;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.types.Either;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sluice's Flink job: reads {@code LogEvent}s from Kafka, archives every one to the {@code logs}
 * table, computes window stats per service and per service+host into the {@code stats} table and
 * topic, and sends undecodable records to the {@code rejects} table and {@code logs.rejects} topic.
 * With {@code --enable …,anomalies} it also mines message templates (archived events carry their
 * template id and text) and runs the anomaly detectors into the {@code anomalies} table and topic.
 *
 * <p>Guarantees, with the production {@link JobIo}: Kafka offsets live in checkpoints and the S3
 * tables commit on checkpoint completion, so they hold each record exactly once across failures,
 * restarts from savepoints and changes of parallelism; the Kafka topics get every record at least
 * once (exactly once with {@code --kafka-delivery exactly-once}). Bad input never fails the job.
 * Every stateful operator has a stable uid, so savepoints stay restorable when the code changes.
 *
 * <p>Run with {@code flink run sluice-job.jar --bootstrap-servers … --s3-endpoint …}, {@code sluice
 * submit} or {@code sluice run}; flags in {@code processing/README.md}.
 */
public final class SluiceJob {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceJob.class);

  /** The job's name in Flink. */
  public static final String NAME = "sluice-processing";

  private SluiceJob() {}

  /** Entry point for {@code flink run} and {@code sluice submit}. */
  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      System.out.print(JobFlags.help());
      return;
    }
    JobOptions options;
    try {
      options = JobOptions.parse(args, System.getenv());
    } catch (OptionsException e) {
      System.err.println("sluice-job: " + e.getMessage());
      throw e;
    }
    LOG.info("Starting {} with {}", NAME, options);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    checkSecretReachesTheTaskManagers(options, env);
    build(env, options, JobIo.production(options));
    env.execute(NAME);
  }

  /**
   * Fails at start when the S3 secret key came only from this process's environment and the job
   * goes to a cluster: the secret is never put into the job graph, so the task managers there could
   * not read it.
   *
   * @throws OptionsException saying what to set instead
   */
  public static void checkSecretReachesTheTaskManagers(
      JobOptions options, StreamExecutionEnvironment env) {
    String target = env.getConfiguration().get(DeploymentOptions.TARGET);
    if (options.s3SecretKeyOnlyInThisProcess() && !"local".equals(target)) {
      OptionsException e =
          new OptionsException(
              JobOptions.ENV_SECRET_KEY
                  + " is set only where the job is submitted, and the secret never goes into the"
                  + " job graph: pass --s3-secret-key-file with a file every TaskManager can read,"
                  + " or set "
                  + JobOptions.ENV_ACCESS_KEY
                  + " and "
                  + JobOptions.ENV_SECRET_KEY
                  + " on the TaskManagers and pass --s3-credentials-from-env");
      System.err.println("sluice-job: " + e.getMessage());
      throw e;
    }
  }

  /** Applies the options' checkpointing, parallelism and max parallelism to {@code env}. */
  public static void configure(StreamExecutionEnvironment env, JobOptions options) {
    env.enableCheckpointing(
        options.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    CheckpointConfig checkpoints = env.getCheckpointConfig();
    checkpoints.setMinPauseBetweenCheckpoints(options.checkpointInterval().toMillis() / 2);
    checkpoints.setTolerableCheckpointFailureNumber(3);
    // No operator of this job mutates or keeps a record it was given (AssignRevisions copies what
    // it stores), so chained operators may pass records on without a defensive Avro deep copy.
    env.getConfig().enableObjectReuse();
    // Every record and state type has a Flink or Avro serializer; a type that would fall back to
    // Kryo (a POJO with a List field, a class that is not a POJO) fails the job at start, loudly,
    // instead of being serialized slowly and in a format that breaks on the next class change.
    env.configure(new Configuration().set(PipelineOptions.GENERIC_TYPES, false));
    env.setMaxParallelism(options.maxParallelism());
    if (options.parallelism() != null) {
      env.setParallelism(options.parallelism());
    }
  }

  /**
   * Builds the job graph on {@code env}: configuration from {@code options}, then the sub-graphs
   * that {@code --enable} switches on, with the given source and sinks (null sinks are skipped).
   */
  public static void build(StreamExecutionEnvironment env, JobOptions options, JobIo io) {
    configure(env, options);
    // Event time and watermarks come from the source, per Kafka partition (EventTimeWatermarks).
    SingleOutputStreamOperator<LogEvent> split =
        env.fromSource(
                io.source(),
                EventTimeWatermarks.strategy(
                    options.outOfOrderness(), options.idleness(), options.maxDrift()),
                "kafka logs")
            .uid("kafka-logs-source")
            .process(new SplitRejects(), SplitRejects.eventType())
            .name("split off rejects")
            .uid("decode-log-events");

    DataStream<Reject> rejects = split.getSideOutput(SplitRejects.REJECTS);
    sink(rejects, io.rejectsTable(), "rejects table", "rejects-table");
    sink(rejects, io.rejectsTopic(), "rejects topic", "rejects-topic");

    DataStream<LogEvent> events = split;

    boolean anomalies = options.enabled(JobOptions.Feature.ANOMALIES);
    SingleOutputStreamOperator<LogEvent> templated = null;
    if (anomalies) {
      // The archive takes the events with their mined template id and text.
      templated = AnomalyGraph.mineTemplates(events, options.anomalyConfig());
      events = templated;
    }
    if (options.enabled(JobOptions.Feature.ARCHIVE)) {
      sink(events, io.archive(), "logs table", "logs-table");
    }
    if (options.enabled(JobOptions.Feature.STATS) || anomalies) {
      // Window stats read no template: their samples are cut from the decoded events in the
      // source's own task, not in the template miner's (the job's busiest), and the events reach
      // them without going through the shuffle by service first.
      DataStream<WindowStats> stats =
          WindowStatsGraph.apply(
              split,
              options.window(),
              options.allowedLateness(),
              options.lateRetention(),
              options.topPaths());
      if (options.enabled(JobOptions.Feature.STATS)) {
        sink(stats, io.statsTable(), "stats table", "stats-table");
        sink(stats, io.statsTopic(), "stats topic", "stats-topic");
      }
      if (anomalies) {
        DataStream<Anomaly> found =
            AnomalyGraph.detect(split, templated, stats, options.anomalyConfig());
        sink(found, io.anomaliesTable(), "anomalies table", "anomalies-table");
        sink(found, io.anomaliesTopic(), "anomalies topic", "anomalies-topic");
      }
    }
  }

  /**
   * The baseline the benchmark compares with: the job's own source (decoding each record into a
   * {@code LogEvent} or a reject, event time and watermarks per partition), with the job's
   * configuration and checkpointing, straight into a discarding sink.
   */
  public static void buildBaseline(
      StreamExecutionEnvironment env,
      JobOptions options,
      Source<Either<LogEvent, Reject>, ?, ?> source) {
    configure(env, options);
    env.fromSource(
            source,
            EventTimeWatermarks.strategy(
                options.outOfOrderness(), options.idleness(), options.maxDrift()),
            "kafka logs")
        .uid("kafka-logs-source")
        .sinkTo(new DiscardingSink<>())
        .name("discard")
        .uid("discard");
  }

  private static <T> void sink(
      DataStream<T> stream,
      org.apache.flink.api.connector.sink2.Sink<T> sink,
      String name,
      String uid) {
    if (sink != null) {
      stream.sinkTo(sink).name(name).uid(uid);
    }
  }
}
