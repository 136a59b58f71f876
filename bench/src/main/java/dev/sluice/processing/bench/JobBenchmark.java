package dev.sluice.processing.bench;

import dev.sluice.local.MiniClusterJobs;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.Codecs;
import dev.sluice.processing.JobIo;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.SluiceJob;
import dev.sluice.processing.io.KafkaIo;
import dev.sluice.processing.io.S3Tables;
import dev.sluice.processing.source.RawRecord;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.util.stats.StatsSummarySnapshot;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code sluice bench job}: the whole job (decode, archive to S3, window stats to S3 and Kafka,
 * exactly-once) against a baseline of the same Kafka source into a discarding sink, on the same
 * pre-loaded topic, cluster and settings, in the same run. Reports events per second of both, their
 * ratio, and the full job's checkpoint durations and state size.
 *
 * <p>Each run reads the topic from the beginning to its end (a bounded source) and is timed by
 * Flink's own net runtime of the job, so job start-up (about a second) is included in both.
 */
public final class JobBenchmark {
  /** What to run against and how much. */
  public record Settings(
      String bootstrapServers,
      String s3Endpoint,
      String s3AccessKey,
      String s3SecretKey,
      int events,
      int partitions,
      int parallelism,
      Duration checkpointInterval,
      int rounds,
      String enable) {}

  /** One measured run. */
  public record Run(String name, long events, long millis) {
    public double eventsPerSecond() {
      return events * 1000.0 / Math.max(1, millis);
    }
  }

  /** What the benchmark found. */
  public record Result(
      Run baseline,
      Run job,
      long checkpoints,
      long checkpointAvgMs,
      long checkpointMaxMs,
      long stateSizeLastBytes,
      long stateSizeMaxBytes) {
    public double ratio() {
      return job.eventsPerSecond() / baseline.eventsPerSecond();
    }
  }

  private final MiniCluster cluster;
  private final Settings settings;
  private final PrintWriter out;
  private JobOptions.KafkaDelivery kafkaDelivery;

  public JobBenchmark(MiniCluster cluster, Settings settings, PrintWriter out) {
    this.cluster = cluster;
    this.settings = settings;
    this.out = out;
  }

  /**
   * Loads the topic, runs baseline and job {@code rounds} times each, prints and returns the best.
   */
  public Result run() throws Exception {
    String topic = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    createTopics(topic);
    Map<TopicPartition, Long> end = load(topic);
    Run bestBaseline = null;
    Run bestJob = null;
    CheckpointStatsSnapshot checkpoints = null;
    for (int round = 1; round <= settings.rounds(); round++) {
      Run baseline = runBaseline(topic, end, round);
      out.printf(
          Locale.ROOT, "  round %d baseline: %,.0f events/s%n", round, baseline.eventsPerSecond());
      out.flush();
      JobID[] id = new JobID[1];
      Run job = runJob(topic, end, round, id);
      out.printf(
          Locale.ROOT, "  round %d job:      %,.0f events/s%n", round, job.eventsPerSecond());
      out.flush();
      if (bestBaseline == null || baseline.millis() < bestBaseline.millis()) {
        bestBaseline = baseline;
      }
      if (bestJob == null || job.millis() < bestJob.millis()) {
        bestJob = job;
        checkpoints = MiniClusterJobs.checkpoints(cluster, id[0]);
      }
    }
    Result result = summarize(bestBaseline, bestJob, checkpoints);
    print(result);
    return result;
  }

  private Run runBaseline(String topic, Map<TopicPartition, Long> end, int round) throws Exception {
    JobOptions options = options(topic, "baseline-" + round);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    SluiceJob.buildBaseline(env, options, boundedSource(options, end));
    return timed("baseline", env, null);
  }

  private Run runJob(String topic, Map<TopicPartition, Long> end, int round, JobID[] id)
      throws Exception {
    JobOptions options = options(topic, "job-" + round);
    kafkaDelivery = options.kafkaDelivery();
    JobIo io =
        new JobIo(
            boundedSource(options, end),
            S3Tables.logs(options),
            S3Tables.stats(options),
            KafkaIo.statsSink(options),
            S3Tables.rejects(options),
            KafkaIo.rejectsSink(options));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    SluiceJob.build(env, options, io);
    return timed("job", env, id);
  }

  private Run timed(String name, StreamExecutionEnvironment env, JobID[] id) throws Exception {
    JobID job = MiniClusterJobs.submit(cluster, env, "sluice-bench-" + name);
    if (id != null) {
      id[0] = job;
    }
    long millis = MiniClusterJobs.await(cluster, job, Duration.ofMinutes(30)).getNetRuntime();
    return new Run(name, settings.events(), millis);
  }

  private KafkaSource<RawRecord> boundedSource(JobOptions options, Map<TopicPartition, Long> end) {
    return KafkaIo.sourceBuilder(options).setBounded(OffsetsInitializer.offsets(end)).build();
  }

  private JobOptions options(String topic, String run) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                settings.bootstrapServers(),
                "--topic",
                topic,
                "--group-id",
                topic + "-" + run,
                "--stats-topic",
                topic + ".stats",
                "--rejects-topic",
                topic + ".rejects",
                "--transactional-id-prefix",
                topic + "-" + run,
                "--s3-endpoint",
                settings.s3Endpoint(),
                "--s3-access-key",
                settings.s3AccessKey(),
                "--bucket",
                topic + "-" + run,
                "--checkpoint-interval",
                settings.checkpointInterval().toMillis() + "ms",
                "--parallelism",
                String.valueOf(settings.parallelism()),
                "--enable",
                settings.enable()));
    return JobOptions.parse(
        args.toArray(String[]::new), Map.of(JobOptions.ENV_SECRET_KEY, settings.s3SecretKey()));
  }

  private void createTopics(String topic) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, settings.partitions(), (short) 1),
                  new NewTopic(topic + ".stats", 1, (short) 1),
                  new NewTopic(topic + ".rejects", 1, (short) 1)))
          .all()
          .get();
    }
  }

  private Map<TopicPartition, Long> load(String topic) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    AvroWireCodec<LogEvent> codec = Codecs.logEvents();
    Map<TopicPartition, Long> end = new HashMap<>();
    long start = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < settings.events(); i++) {
        LogEvent event = BenchEvents.event(i);
        int partition = (int) (i % settings.partitions());
        producer.send(
            new ProducerRecord<>(
                topic,
                partition,
                event.getService().getBytes(StandardCharsets.UTF_8),
                codec.encode(event)));
        end.merge(new TopicPartition(topic, partition), 1L, Long::sum);
      }
      producer.flush();
    }
    out.printf(
        Locale.ROOT,
        "Loaded %,d events into %s (%d partitions) in %.1f s%n",
        settings.events(),
        topic,
        settings.partitions(),
        (System.nanoTime() - start) / 1e9);
    out.flush();
    return end;
  }

  private static Result summarize(Run baseline, Run job, CheckpointStatsSnapshot checkpoints) {
    StatsSummarySnapshot durations = checkpoints.getSummaryStats().getEndToEndDurationStats();
    StatsSummarySnapshot sizes = checkpoints.getSummaryStats().getStateSizeStats();
    var latest = checkpoints.getHistory().getLatestCompletedCheckpoint();
    return new Result(
        baseline,
        job,
        checkpoints.getCounts().getNumberOfCompletedCheckpoints(),
        durations.getAverage(),
        durations.getMaximum(),
        latest == null ? 0 : latest.getStateSize(),
        sizes.getMaximum());
  }

  private void print(Result r) {
    out.println();
    out.printf(
        Locale.ROOT,
        "sluice bench job: %,d events, %d partitions, parallelism %d, checkpoints every %d ms,"
            + " S3 tables exactly-once, Kafka topics %s, embedded Kafka and S3, job parts %s%n",
        settings.events(),
        settings.partitions(),
        settings.parallelism(),
        settings.checkpointInterval().toMillis(),
        kafkaDelivery.name().toLowerCase(Locale.ROOT).replace('_', '-'),
        settings.enable());
    out.printf(Locale.ROOT, "  %-46s %12s %10s%n", "", "events/s", "time");
    out.printf(
        Locale.ROOT,
        "  %-46s %,12.0f %8.2f s%n",
        "baseline: Kafka source -> discarding sink",
        r.baseline().eventsPerSecond(),
        r.baseline().millis() / 1000.0);
    out.printf(
        Locale.ROOT,
        "  %-46s %,12.0f %8.2f s%n",
        "job: decode + rejects + " + settings.enable().replace(",", " + "),
        r.job().eventsPerSecond(),
        r.job().millis() / 1000.0);
    out.printf(Locale.ROOT, "  %-46s %12.2f%n", "ratio job / baseline", r.ratio());
    out.printf(
        Locale.ROOT,
        "  checkpoints of the job: %d completed, end-to-end duration avg %d ms, max %d ms;"
            + " state size last %s, max %s%n",
        r.checkpoints(),
        r.checkpointAvgMs(),
        r.checkpointMaxMs(),
        bytes(r.stateSizeLastBytes()),
        bytes(r.stateSizeMaxBytes()));
    out.flush();
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024.0 * 1024));
  }
}
