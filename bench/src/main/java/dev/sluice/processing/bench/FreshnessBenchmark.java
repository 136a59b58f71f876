package dev.sluice.processing.bench;

import dev.sluice.ingest.ship.Shipper;
import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.local.MiniClusterJobs;
import dev.sluice.processing.JobIo;
import dev.sluice.processing.JobOptions;
import dev.sluice.processing.SluiceJob;
import dev.sluice.query.QueryConfig;
import dev.sluice.query.QueryEngine;
import dev.sluice.sink.RollingPolicy;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code sluice bench freshness}: seconds from a line appended to a log file until {@code sluice
 * query} sees it, through the real pipeline at a steady background load.
 *
 * <p>A writer appends JSON lines at {@code linesPerSecond} to a few files and a probe line with a
 * unique marker every {@code probeInterval}, from the job's first completed checkpoint on (so
 * start-up is not measured); the real {@link Shipper} (shipped defaults) tails the files into
 * Kafka; the real Sluice job ({@link SluiceJob}, shipped defaults unless the checkpoint or roll
 * interval is given) runs on the MiniCluster and writes the {@code logs} table to S3; a {@link
 * ProbePoller} queries that table with the engine {@code sluice query} uses and records when each
 * probe becomes visible. Reports count, p50, p99 and max of the probes' freshness, the background
 * rate, the average size of the part files written, the settings that trade freshness against file
 * size with their values, and the 1-minute load average.
 *
 * <p>Guarantees: every run uses its own topics and bucket; the job and the shipper are stopped
 * before {@link #run()} returns, also when it fails; probes not seen within the wait after the
 * probing phase are counted as not seen, never dropped from the count silently.
 */
public final class FreshnessBenchmark {
  /** The service the writer's lines are shipped as. */
  static final String SERVICE = "freshness";

  /**
   * What to run against and how.
   *
   * @param checkpointInterval the job's {@code --checkpoint-interval}, or null for its default
   * @param rollInterval the job's {@code --roll-interval}, or null for its default
   * @param duration how long probes are written, or null for two roll intervals (at least 1 min)
   */
  public record Settings(
      String bootstrapServers,
      String s3Endpoint,
      String s3AccessKey,
      String s3SecretKey,
      Path workDir,
      int linesPerSecond,
      int files,
      Duration probeInterval,
      Duration duration,
      Duration pollInterval,
      int partitions,
      int parallelism,
      Duration checkpointInterval,
      Duration rollInterval) {
    public Settings {
      if (linesPerSecond < 0 || files < 1 || partitions < 1 || parallelism < 1) {
        throw new IllegalArgumentException(
            "the rate must be at least 0 and files, partitions and parallelism at least 1");
      }
      for (Duration d : new Duration[] {probeInterval, pollInterval}) {
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("the probe and poll intervals must be positive");
        }
      }
    }
  }

  /**
   * What the benchmark found.
   *
   * @param freshnessSeconds the seen probes' freshness, sorted
   * @param backgroundLinesPerSecond the background rate achieved over the whole run
   * @param partFiles committed part files of the {@code logs} table
   * @param partFileBytes their total size
   */
  public record Report(
      int probesAppended,
      List<Double> freshnessSeconds,
      long backgroundLines,
      double backgroundLinesPerSecond,
      Duration checkpointInterval,
      Duration rollInterval,
      int partFiles,
      long partFileBytes,
      double medianPollMillis,
      String loadAverageStart,
      String loadAverageEnd) {

    public int probesSeen() {
      return freshnessSeconds.size();
    }

    /** The nearest-rank percentile {@code p} (0-100) of the freshness, or NaN with no probe. */
    public double percentile(double p) {
      if (freshnessSeconds.isEmpty()) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p / 100 * freshnessSeconds.size());
      return freshnessSeconds.get(Math.max(0, rank - 1));
    }

    public double averagePartFileBytes() {
      return partFiles == 0 ? 0 : (double) partFileBytes / partFiles;
    }
  }

  private final MiniCluster cluster;
  private final Settings settings;
  private final PrintWriter out;

  public FreshnessBenchmark(MiniCluster cluster, Settings settings, PrintWriter out) {
    this.cluster = cluster;
    this.settings = settings;
    this.out = out;
  }

  /** Runs the pipeline, probes it, stops it, prints and returns the report. */
  public Report run() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String topic = "freshness-" + run;
    String bucket = "freshness-" + run;
    String loadStart = loadAverage();
    createTopics(topic);
    try (MinioClient s3 = s3Client()) {
      s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }
    JobOptions options = jobOptions(topic, bucket);
    Duration duration =
        settings.duration() != null
            ? settings.duration()
            : max(options.rollInterval().multipliedBy(2), Duration.ofMinutes(1));
    Duration wait =
        options.rollInterval().plus(options.checkpointInterval().multipliedBy(3)).plusMinutes(2);
    printPlan(options, duration, wait);

    Files.createDirectories(settings.workDir());
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < settings.files(); i++) {
      paths.add(settings.workDir().resolve("app-" + run + "-" + i + ".log"));
    }
    String marker = "freshness-probe-" + run;
    Instant started = Instant.now();
    JobID job = submit(options);
    ShipperThread shipper = null;
    SteadyLogWriter writer = null;
    ProbePoller poller = null;
    try {
      writer =
          new SteadyLogWriter(paths, settings.linesPerSecond(), settings.probeInterval(), marker);
      shipper = ShipperThread.start(shipperConfig(topic, run));
      poller = new ProbePoller(queryConfig(bucket), SERVICE, marker, started);
      writer.start();
      awaitFirstCheckpoint(job, writer, shipper);
      writer.startProbing();
      probe(job, writer, shipper, poller, duration, wait);
      writer.close();
      long lines = writer.backgroundLines();
      double rate = lines / (writer.elapsedNanos() / 1e9);
      List<Double> freshness = freshness(writer.probesAppended(), poller.seen());
      int[] files = new int[1];
      long bytes = storedLogs(bucket, files);
      Report report =
          new Report(
              writer.probesAppended().size(),
              freshness,
              lines,
              rate,
              options.checkpointInterval(),
              options.rollInterval(),
              files[0],
              bytes,
              poller.medianPollMillis(),
              loadStart,
              loadAverage());
      print(report, wait);
      return report;
    } finally {
      if (writer != null) {
        writer.close();
      }
      if (shipper != null) {
        shipper.stop();
      }
      if (poller != null) {
        poller.close();
      }
      cancel(job);
    }
  }

  private void probe(
      JobID job,
      SteadyLogWriter writer,
      ShipperThread shipper,
      ProbePoller poller,
      Duration duration,
      Duration wait)
      throws Exception {
    long probingStarted = System.nanoTime();
    long probingEnds = probingStarted + duration.toNanos();
    long waitEnds = probingEnds + wait.toNanos();
    long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    boolean probing = true;
    while (true) {
      long now = System.nanoTime();
      if (probing && now - probingEnds >= 0) {
        writer.stopProbing();
        probing = false;
        out.printf(
            Locale.ROOT,
            "  probing done: %d probes appended, %d seen; waiting up to %s for the rest …%n",
            writer.probesAppended().size(),
            poller.seen().size(),
            text(wait));
        out.flush();
      }
      if (!probing
          && (poller.seen().size() >= writer.probesAppended().size() || now - waitEnds >= 0)) {
        return;
      }
      writer.checkHealthy();
      shipper.checkHealthy();
      checkRunning(job);
      poller.poll();
      if (now - nextReport >= 0) {
        out.printf(
            Locale.ROOT,
            "  %4.0f s: %d probes appended, %d seen, %,d background lines%n",
            (now - probingStarted) / 1e9,
            writer.probesAppended().size(),
            poller.seen().size(),
            writer.backgroundLines());
        out.flush();
        nextReport = now + TimeUnit.SECONDS.toNanos(30);
      }
      long pause = settings.pollInterval().toNanos() - (System.nanoTime() - now);
      if (pause > 0) {
        LockSupport.parkNanos(pause);
      }
    }
  }

  /**
   * Waits until the job has completed a checkpoint: its tasks run and its source reads, so the
   * first probes do not measure the job's start-up.
   */
  private void awaitFirstCheckpoint(JobID job, SteadyLogWriter writer, ShipperThread shipper)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (completedCheckpoints(job) == 0) {
      if (System.nanoTime() - deadline >= 0) {
        throw new IllegalStateException("the job completed no checkpoint within 3 minutes");
      }
      writer.checkHealthy();
      shipper.checkHealthy();
      checkRunning(job);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
    }
    out.printf(
        Locale.ROOT,
        "  the job completed its first checkpoint after %.1f s of background lines; probing"
            + " starts%n",
        writer.elapsedNanos() / 1e9);
    out.flush();
  }

  private long completedCheckpoints(JobID job) throws Exception {
    CheckpointStatsSnapshot stats = MiniClusterJobs.checkpoints(cluster, job);
    return stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints();
  }

  private static List<Double> freshness(Map<Integer, Long> appended, Map<Integer, Long> seen) {
    List<Double> seconds = new ArrayList<>();
    appended.forEach(
        (probe, at) -> {
          Long seenAt = seen.get(probe);
          if (seenAt != null) {
            seconds.add((seenAt - at) / 1e9);
          }
        });
    Collections.sort(seconds);
    return seconds;
  }

  private JobOptions jobOptions(String topic, String bucket) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                settings.bootstrapServers(),
                "--topic",
                topic,
                "--group-id",
                topic,
                "--stats-topic",
                topic + ".stats",
                "--rejects-topic",
                topic + ".rejects",
                "--transactional-id-prefix",
                topic,
                "--s3-endpoint",
                settings.s3Endpoint(),
                "--s3-access-key",
                settings.s3AccessKey(),
                "--bucket",
                bucket,
                "--parallelism",
                String.valueOf(settings.parallelism())));
    if (settings.checkpointInterval() != null) {
      args.add("--checkpoint-interval");
      args.add(settings.checkpointInterval().toMillis() + "ms");
    }
    if (settings.rollInterval() != null) {
      args.add("--roll-interval");
      args.add(settings.rollInterval().toMillis() + "ms");
    }
    return JobOptions.parse(
        args.toArray(String[]::new), Map.of(JobOptions.ENV_SECRET_KEY, settings.s3SecretKey()));
  }

  private JobID submit(JobOptions options) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    SluiceJob.build(env, options, JobIo.production(options));
    return MiniClusterJobs.submit(cluster, env, "sluice-bench-freshness");
  }

  private void checkRunning(JobID job) throws Exception {
    JobStatus status = cluster.getJobStatus(job).get(30, TimeUnit.SECONDS);
    if (status.isGloballyTerminalState()) {
      MiniClusterJobs.await(cluster, job, Duration.ofSeconds(30));
      throw new IllegalStateException("the job ended before the benchmark did: " + status);
    }
  }

  private void cancel(JobID job) {
    try {
      if (!cluster.getJobStatus(job).get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
        cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
        cluster.requestJobResult(job).get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      out.println("  (could not cancel the job: " + e + ")");
    }
  }

  private ShipperConfig shipperConfig(String topic, String run) throws IOException {
    return ShipperConfig.builder()
        .bootstrapServers(settings.bootstrapServers())
        .topic(topic)
        .rejectsTopic(topic + ".rejects")
        .stateDir(Files.createTempDirectory(settings.workDir(), "ship-state-"))
        .source(
            List.of(settings.workDir().resolve("app-" + run + "-*.log").toString()),
            SERVICE,
            "json",
            false,
            Map.of())
        .statusInterval(Duration.ZERO)
        .build();
  }

  private QueryConfig queryConfig(String bucket) {
    return QueryConfig.builder()
        .endpoint(settings.s3Endpoint())
        .bucket(bucket)
        .accessKey(settings.s3AccessKey())
        .secretKey(settings.s3SecretKey())
        .build();
  }

  private MinioClient s3Client() {
    return QueryEngine.client(queryConfig("unused-bucket"));
  }

  /** Committed {@code .avro} objects of the {@code logs} table: their total size and count. */
  private long storedLogs(String bucket, int[] count) throws Exception {
    long bytes = 0;
    try (MinioClient s3 = s3Client()) {
      for (Result<Item> r :
          s3.listObjects(
              ListObjectsArgs.builder().bucket(bucket).prefix("logs/").recursive(true).build())) {
        Item item = r.get();
        if (item.objectName().endsWith(".avro")) {
          bytes += item.size();
          count[0]++;
        }
      }
    }
    return bytes;
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

  private void printPlan(JobOptions options, Duration duration, Duration wait) {
    out.printf(
        Locale.ROOT,
        "sluice bench freshness: %,d lines/s into %d files, a probe every %s for %s (then up to %s"
            + " for the last to show)%n",
        settings.linesPerSecond(),
        settings.files(),
        text(settings.probeInterval()),
        text(duration),
        text(wait));
    out.printf(
        Locale.ROOT,
        "  files -> the shipper (shipped defaults) -> Kafka (%d partitions) -> the job (parallelism"
            + " %d, enable %s) -> S3 -> the query engine, polled every %s%n",
        settings.partitions(),
        settings.parallelism(),
        enabled(options),
        text(settings.pollInterval()));
    out.flush();
  }

  private void print(Report r, Duration wait) {
    out.println();
    out.printf(
        Locale.ROOT,
        "sluice bench freshness: line appended to a file -> visible to sluice query%n");
    out.printf(Locale.ROOT, "  settings that trade freshness against file size:%n");
    out.printf(
        Locale.ROOT,
        "    --checkpoint-interval %-8s (job) a closed file becomes visible when the next checkpoint"
            + " completes%s%n",
        text(r.checkpointInterval()),
        settings.checkpointInterval() == null ? "; shipped default" : "");
    out.printf(
        Locale.ROOT,
        "    --roll-interval %-14s (job) an open file is closed after this, or at %d MiB, or after"
            + " %s without writes%s%n",
        text(r.rollInterval()),
        RollingPolicy.DEFAULT_MAX_FILE_SIZE >> 20,
        text(min(r.rollInterval(), RollingPolicy.DEFAULT_INACTIVITY)),
        settings.rollInterval() == null ? "; shipped default" : "");
    out.printf(
        Locale.ROOT,
        "  probes: %d appended, %d seen, %d not seen within %s after probing ended%n",
        r.probesAppended(),
        r.probesSeen(),
        r.probesAppended() - r.probesSeen(),
        text(wait));
    out.printf(
        Locale.ROOT,
        "  freshness: p50 %.1f s, p99 %.1f s, max %.1f s (poll resolution: a query every %s,"
            + " median query %.0f ms)%n",
        r.percentile(50),
        r.percentile(99),
        r.percentile(100),
        text(settings.pollInterval()),
        r.medianPollMillis());
    out.printf(
        Locale.ROOT,
        "  background: %,.1f lines/s (%,d lines)%n",
        r.backgroundLinesPerSecond(),
        r.backgroundLines());
    out.printf(
        Locale.ROOT,
        "  logs table: %d part files, average %s (what the roll interval buys at this rate)%n",
        r.partFiles(),
        bytes(r.averagePartFileBytes()));
    out.printf(
        Locale.ROOT,
        "  load average (1 min): %s at start, %s at end%n",
        r.loadAverageStart(),
        r.loadAverageEnd());
    out.flush();
  }

  private static String enabled(JobOptions options) {
    List<String> parts = new ArrayList<>();
    for (JobOptions.Feature f : JobOptions.Feature.values()) {
      if (options.enabled(f)) {
        parts.add(f.name().toLowerCase(Locale.ROOT));
      }
    }
    return String.join(",", parts);
  }

  /** The first field of /proc/loadavg, or "n/a" where there is none. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** A duration the way the job's flags take it: {@code 500ms}, {@code 10s}, {@code 5m}. */
  static String text(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0 && ms > 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  private static String bytes(double n) {
    if (n < 1024) {
      return String.format(Locale.ROOT, "%.0f B", n);
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / (1024 * 1024));
  }

  /** The shipper on a thread of its own; what ended it early is kept for {@link #checkHealthy}. */
  private static final class ShipperThread {
    private final Shipper shipper;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean stopped;

    private ShipperThread(Shipper shipper) {
      this.shipper = shipper;
      this.thread = new Thread(this::ship, "freshness-shipper");
      this.thread.setDaemon(true);
    }

    static ShipperThread start(ShipperConfig config) {
      ShipperThread t = new ShipperThread(new Shipper(config, new PrintStream(System.err, true)));
      t.thread.start();
      return t;
    }

    private void ship() {
      try {
        shipper.run();
      } catch (Throwable e) {
        failure = e;
      }
    }

    void checkHealthy() {
      if (failure != null) {
        throw new IllegalStateException("the shipper failed: " + failure.getMessage(), failure);
      }
      if (!thread.isAlive() && !stopped) {
        throw new IllegalStateException("the shipper stopped before the benchmark did");
      }
    }

    void stop() throws InterruptedException {
      stopped = true;
      shipper.stop();
      thread.join(TimeUnit.SECONDS.toMillis(30));
      shipper.close();
    }
  }
}
