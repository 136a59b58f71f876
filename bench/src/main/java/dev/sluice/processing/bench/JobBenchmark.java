package dev.sluice.processing.bench;

import dev.sluice.local.MiniClusterJobs;
import dev.sluice.model.LogEvent;
import dev.sluice.model.Reject;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.Codecs;
import dev.sluice.processing.JobIo;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.SluiceJob;
import dev.sluice.processing.io.KafkaIo;
import dev.sluice.processing.io.S3Tables;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.flink.types.Either;
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
 * with {@code anomalies} enabled template mining and the detectors into S3 and Kafka, exactly-once)
 * against a baseline of the job's own Kafka source — the same decoding into {@code LogEvent}, event
 * time and watermarks, parallelism, slots and checkpointing — into a discarding sink, on the same
 * pre-loaded topic and cluster, in the same run.
 *
 * <p>Rounds alternate which of the two runs first; each run reads the topic from the beginning to
 * its end (a bounded source) and is timed by Flink's own net runtime of the job, so job start-up
 * (about a second) is in both. Reported per run and as medians over the rounds: events per second,
 * the JVM's CPU seconds (the process holds the embedded broker and S3 server too), the 1-minute
 * load average, the peak heap used and resident set size sampled every {@value
 * MemorySampler#PERIOD_MS} ms while it ran, and the peak heap in use right after a garbage
 * collection (the live data); the job's memory per slot is its peak heap after GC above the
 * baseline's, divided by the parallelism. Also the job's checkpoint durations and state size.
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

  /**
   * One measured run.
   *
   * @param cpuNanos CPU time of the whole JVM while the run ran
   * @param loadAverage the 1-minute load average at the end of the run (NaN where unknown)
   * @param peakHeapBytes the largest heap used sampled during the run
   * @param heapFloorBytes the heap in use right after a full collection just before the run: the
   *     live data of the embedded stack alone
   * @param peakHeapAfterGcBytes the largest heap in use right after a collection during the run (at
   *     least the floor)
   * @param peakRssBytes the largest resident set sampled during the run (0 where unknown)
   */
  public record Run(
      String name,
      long events,
      long millis,
      long cpuNanos,
      double loadAverage,
      long peakHeapBytes,
      long heapFloorBytes,
      long peakHeapAfterGcBytes,
      long peakRssBytes) {
    public double eventsPerSecond() {
      return events * 1000.0 / Math.max(1, millis);
    }

    /** JVM CPU seconds per million events. */
    public double cpuSecondsPerMillion() {
      return cpuNanos / 1e9 / Math.max(1, events) * 1e6;
    }
  }

  /**
   * What the benchmark found: every round's runs, and the medians.
   *
   * @param baseline the median baseline run (medians of each figure)
   * @param job the median job run
   */
  public record Result(
      Run baseline,
      Run job,
      List<Run> baselineRounds,
      List<Run> jobRounds,
      int parallelism,
      long checkpoints,
      long checkpointAvgMs,
      long checkpointMaxMs,
      long stateSizeLastBytes,
      long stateSizeMaxBytes) {
    /** Median job events/s over median baseline events/s. */
    public double ratio() {
      return job.eventsPerSecond() / baseline.eventsPerSecond();
    }

    /** The median ratio of the rounds' same-round pairs. */
    public double medianRoundRatio() {
      double[] r = new double[jobRounds.size()];
      for (int i = 0; i < r.length; i++) {
        r[i] = jobRounds.get(i).eventsPerSecond() / baselineRounds.get(i).eventsPerSecond();
      }
      return median(r);
    }

    /**
     * The job's live heap per slot: its peak heap after GC above the floor before it ran, divided
     * by the parallelism, in bytes.
     */
    public long heapPerSlotBytes() {
      return perSlot(job);
    }

    /** The same for the baseline. */
    public long baselineHeapPerSlotBytes() {
      return perSlot(baseline);
    }

    private long perSlot(Run r) {
      return Math.max(0, r.peakHeapAfterGcBytes() - r.heapFloorBytes()) / Math.max(1, parallelism);
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
   * Loads the topic, runs baseline and job {@code rounds} times each, alternating which goes first,
   * prints every round and the medians, and returns them.
   */
  public Result run() throws Exception {
    String topic = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    createTopics(topic);
    Map<TopicPartition, Long> end = load(topic);
    List<Run> baselines = new ArrayList<>();
    List<Run> jobs = new ArrayList<>();
    CheckpointStatsSnapshot checkpoints = null;
    long bestJobMillis = Long.MAX_VALUE;
    for (int round = 1; round <= settings.rounds(); round++) {
      boolean baselineFirst = round % 2 == 1;
      Run baseline = baselineFirst ? runBaseline(topic, end, round) : null;
      JobID[] id = new JobID[1];
      Run job = runJob(topic, end, round, id);
      if (!baselineFirst) {
        baseline = runBaseline(topic, end, round);
      }
      baselines.add(baseline);
      jobs.add(job);
      printRound(round, baseline);
      printRound(round, job);
      if (job.millis() < bestJobMillis) {
        bestJobMillis = job.millis();
        checkpoints = MiniClusterJobs.checkpoints(cluster, id[0]);
      }
    }
    Result result = summarize(baselines, jobs, checkpoints);
    print(result);
    return result;
  }

  private void printRound(int round, Run r) {
    out.printf(
        Locale.ROOT,
        "  round %d %-9s %,9.0f events/s %6.2f CPU s  load %5.2f  peak heap %s, after GC %s,"
            + " RSS %s%n",
        round,
        r.name() + ":",
        r.eventsPerSecond(),
        r.cpuNanos() / 1e9,
        r.loadAverage(),
        bytes(r.peakHeapBytes()),
        bytes(r.peakHeapAfterGcBytes()),
        bytes(r.peakRssBytes()));
    out.flush();
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
    boolean anomalies = options.enabled(JobOptions.Feature.ANOMALIES);
    JobIo io =
        new JobIo(
            boundedSource(options, end),
            S3Tables.logs(options),
            S3Tables.stats(options),
            KafkaIo.statsSink(options),
            S3Tables.rejects(options),
            KafkaIo.rejectsSink(options),
            anomalies ? S3Tables.anomalies(options) : null,
            anomalies ? KafkaIo.anomaliesSink(options) : null);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    SluiceJob.build(env, options, io);
    return timed("job", env, id);
  }

  private Run timed(String name, StreamExecutionEnvironment env, JobID[] id) throws Exception {
    System.gc(); // each run's peak heap starts from the live data of the stack alone
    long floor = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long cpuStart = processCpuNanos();
    long millis;
    MemorySampler.Peaks peaks;
    try (MemorySampler memory = MemorySampler.start()) {
      JobID job = MiniClusterJobs.submit(cluster, env, "sluice-bench-" + name);
      if (id != null) {
        id[0] = job;
      }
      millis = MiniClusterJobs.await(cluster, job, Duration.ofMinutes(30)).getNetRuntime();
      peaks = memory.peaks();
    }
    return new Run(
        name,
        settings.events(),
        millis,
        processCpuNanos() - cpuStart,
        LoadAverage.oneMinute(),
        peaks.heapBytes(),
        floor,
        Math.max(floor, peaks.heapAfterGcBytes()),
        peaks.rssBytes());
  }

  private static long processCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private KafkaSource<Either<LogEvent, Reject>> boundedSource(
      JobOptions options, Map<TopicPartition, Long> end) {
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
                "--anomalies-topic",
                topic + ".anomalies",
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
                  new NewTopic(topic + ".rejects", 1, (short) 1),
                  new NewTopic(topic + ".anomalies", 1, (short) 1)))
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

  private Result summarize(
      List<Run> baselines, List<Run> jobs, CheckpointStatsSnapshot checkpoints) {
    StatsSummarySnapshot durations = checkpoints.getSummaryStats().getEndToEndDurationStats();
    StatsSummarySnapshot sizes = checkpoints.getSummaryStats().getStateSizeStats();
    var latest = checkpoints.getHistory().getLatestCompletedCheckpoint();
    return new Result(
        medianRun(baselines),
        medianRun(jobs),
        List.copyOf(baselines),
        List.copyOf(jobs),
        settings.parallelism(),
        checkpoints.getCounts().getNumberOfCompletedCheckpoints(),
        durations.getAverage(),
        durations.getMaximum(),
        latest == null ? 0 : latest.getStateSize(),
        sizes.getMaximum());
  }

  /** A run whose every figure is the median of that figure over {@code runs}. */
  static Run medianRun(List<Run> runs) {
    return new Run(
        runs.get(0).name(),
        runs.get(0).events(),
        Math.round(median(runs.stream().mapToDouble(Run::millis).toArray())),
        Math.round(median(runs.stream().mapToDouble(Run::cpuNanos).toArray())),
        median(runs.stream().mapToDouble(Run::loadAverage).toArray()),
        Math.round(median(runs.stream().mapToDouble(Run::peakHeapBytes).toArray())),
        Math.round(median(runs.stream().mapToDouble(Run::heapFloorBytes).toArray())),
        Math.round(median(runs.stream().mapToDouble(Run::peakHeapAfterGcBytes).toArray())),
        Math.round(median(runs.stream().mapToDouble(Run::peakRssBytes).toArray())));
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private void print(Result r) {
    out.println();
    out.printf(
        Locale.ROOT,
        "sluice bench job: %,d events, %d partitions, parallelism %d, checkpoints every %d ms,"
            + " S3 tables exactly-once, Kafka topics %s, embedded Kafka and S3, job parts %s;"
            + " medians of %d rounds%n",
        settings.events(),
        settings.partitions(),
        settings.parallelism(),
        settings.checkpointInterval().toMillis(),
        kafkaDelivery.name().toLowerCase(Locale.ROOT).replace('_', '-'),
        settings.enable(),
        settings.rounds());
    out.printf(
        Locale.ROOT,
        "  %-52s %10s %8s %11s %6s %10s %10s %10s%n",
        "",
        "events/s",
        "time",
        "CPU s/M ev",
        "load",
        "peak heap",
        "after GC",
        "peak RSS");
    row("baseline: same Kafka source + decode -> discarding sink", r.baseline());
    row("job: decode + rejects + " + settings.enable().replace(",", " + "), r.job());
    out.printf(
        Locale.ROOT,
        "  %-52s %10.2f   (median of the rounds' own ratios %.2f)%n",
        "ratio job / baseline (events/s)",
        r.ratio(),
        r.medianRoundRatio());
    out.printf(
        Locale.ROOT,
        "  %-52s %10.2f%n",
        "ratio job / baseline (CPU per event)",
        r.job().cpuSecondsPerMillion() / Math.max(1e-9, r.baseline().cpuSecondsPerMillion()));
    out.printf(
        Locale.ROOT,
        "  memory (one JVM holds broker, S3 server and MiniCluster): live heap per slot, peak"
            + " after GC above the heap before the run, / %d slots: job %s (%s -> %s), baseline"
            + " %s; peak RSS job %s, baseline %s%n",
        r.parallelism(),
        bytes(r.heapPerSlotBytes()),
        bytes(r.job().heapFloorBytes()),
        bytes(r.job().peakHeapAfterGcBytes()),
        bytes(r.baselineHeapPerSlotBytes()),
        bytes(r.job().peakRssBytes()),
        bytes(r.baseline().peakRssBytes()));
    out.printf(
        Locale.ROOT,
        "  checkpoints of the fastest job run: %d completed, end-to-end duration avg %d ms,"
            + " max %d ms; state size last %s, max %s%n",
        r.checkpoints(),
        r.checkpointAvgMs(),
        r.checkpointMaxMs(),
        bytes(r.stateSizeLastBytes()),
        bytes(r.stateSizeMaxBytes()));
    out.flush();
  }

  private void row(String label, Run run) {
    out.printf(
        Locale.ROOT,
        "  %-52s %,10.0f %6.2f s %11.2f %6.2f %10s %10s %10s%n",
        label,
        run.eventsPerSecond(),
        run.millis() / 1000.0,
        run.cpuSecondsPerMillion(),
        run.loadAverage(),
        bytes(run.peakHeapBytes()),
        bytes(run.peakHeapAfterGcBytes()),
        bytes(run.peakRssBytes()));
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
