package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.local.EmbeddedS3;
import dev.sluice.local.StandaloneFlinkCluster;
import dev.sluice.model.LogEvent;
import dev.sluice.model.WindowStats;
import io.minio.MinioClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover on a real cluster layout: the broker and the S3 server ({@code sluice stack}) in one
 * process, a standalone Flink JobManager and two TaskManagers in three more. The shaded job jar is
 * submitted as an operator would ({@code sluice submit}); events flow at a steady rate; after a
 * checkpoint has completed, one TaskManager is killed with SIGKILL mid-stream; the job restarts
 * from that checkpoint on the surviving TaskManager's slots. The {@code logs} table must then hold
 * every produced event exactly once, and the {@code stats} table's newest revisions must count them
 * all.
 */
class TaskManagerFailoverIT {
  static final Path JOB_JAR = Path.of("..", "processing", "target", "sluice-job.jar");
  static final String BUCKET = "failover";
  static final String GROUP = "failover-it";
  static final int PARTITIONS = 2;
  static final int EVENTS = 100_000;
  static final int PER_SECOND = 3_000;

  @TempDir Path temp;

  private final long startNanos = System.nanoTime();

  /** A progress line with the seconds since the test began, to see where the time goes. */
  private void phase(String what) {
    System.out.printf(
        "[TaskManagerFailoverIT] %6.1f s  %s%n", (System.nanoTime() - startNanos) / 1e9, what);
  }

  @Test
  void archiveHoldsEveryEventOnceAfterATaskManagerIsKilledMidStream() throws Exception {
    assertThat(JOB_JAR).as("built by the processing module's package phase").exists();
    // The broker/S3 process and the Flink processes start side by side.
    CompletableFuture<StackProcess> starting =
        CompletableFuture.supplyAsync(
            () ->
                StackProcess.start(
                    PARTITIONS, BUCKET, temp.resolve("stack.log"), Duration.ofSeconds(120)));
    StandaloneFlinkCluster cluster;
    try {
      cluster = StandaloneFlinkCluster.start(2, 2, flinkConfig());
    } catch (RuntimeException e) {
      starting.thenAccept(StackProcess::close);
      throw e;
    }
    try (cluster;
        StackProcess stack = starting.join()) {
      try {
        run(stack, cluster);
      } catch (AssertionError | Exception e) {
        throw new AssertionError(e.getMessage() + "\ncluster logs:" + cluster.logTails(40), e);
      }
    }
  }

  private void run(StackProcess stack, StandaloneFlinkCluster cluster) throws Exception {
    phase("stack and cluster up");
    String jobId = submit(stack, cluster);
    phase("job submitted");
    FlinkRestProbe job = new FlinkRestProbe(cluster.restEndpoint(), jobId);
    await("the job's tasks run")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(job::allRunning);

    phase("job running");
    PacedProducer producer =
        new PacedProducer(
            stack.bootstrapServers(), "logs", PARTITIONS, "fo", EVENTS, PER_SECOND, EVENTS / 2);
    CompletableFuture<Void> produced =
        producer.start(Instant.now().minus(Duration.ofMinutes(30)), Duration.ofMinutes(10));

    MinioClient s3 = s3(stack);
    StoredTable<LogEvent> logs = new StoredTable<>(s3, BUCKET, "logs", LogEvent.class);
    StoredTable<WindowStats> statsTable = new StoredTable<>(s3, BUCKET, "stats", WindowStats.class);
    await("a checkpoint completed and committed part of the stream")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                producer.sent() >= EVENTS / 4
                    && job.completedCheckpoints() >= 1
                    && !logs.read().isEmpty());
    assertThat(produced).as("the kill lands mid-stream").isNotDone();
    phase("checkpoint completed; killing TaskManager 0 after " + producer.sent() + " events");
    cluster.killTaskManager(0);
    producer.release();

    await("the job restarted after the TaskManager was lost")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> job.restarts() >= 1 && job.allRunning());
    phase("job restarted");
    produced.get(3, TimeUnit.MINUTES);
    phase("all events produced");

    List<String> expected = new ArrayList<>();
    IntStream.range(0, EVENTS).forEach(i -> expected.add(producer.id(i)));
    expected.addAll(producer.flushIds());
    try (ConsumerGroupProgress group =
        new ConsumerGroupProgress(stack.bootstrapServers(), GROUP, "logs", PARTITIONS)) {
      await("the job consumed and checkpointed everything")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> group.lag() == 0);
    }
    phase("consumer group at the end of the topic");
    await("the archive caught up")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> logs.read().size() >= expected.size());
    phase("archive complete");
    List<String> archived = logs.read().stream().map(LogEvent::getId).toList();
    assertExactlyOnce(archived, expected);
    phase("archive checked: " + archived.size() + " events in " + logs.objects() + " objects");

    await("the stats of the known events are final")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> statsProgress(statsTable) >= EVENTS);
    phase("stats final");
    List<WindowStats> stats = statsTable.read();
    assertThat(stats.stream().map(s -> key(s) + "#" + s.getRevision()).toList())
        .as("no window revision stored twice")
        .doesNotHaveDuplicates();
    List<WindowStats> latest = latestRevisions(stats);
    assertThat(counted(latest, true)).as("per-service windows count every event").isEqualTo(EVENTS);
    assertThat(counted(latest, false)).as("per-host windows count every event").isEqualTo(EVENTS);
    assertThat(job.restarts()).as("one failover, no restart loop").isBetween(1L, 3L);
  }

  private long lastCounted = -1;

  /** Events the per-service stats count so far; a progress line when that changes. */
  private long statsProgress(StoredTable<WindowStats> table) throws Exception {
    long counted = counted(latestRevisions(table.read()), true);
    if (counted != lastCounted) {
      phase("stats count " + counted + " events");
      lastCounted = counted;
    }
    return counted;
  }

  private String submit(StackProcess stack, StandaloneFlinkCluster cluster) throws Exception {
    Path secret = Files.writeString(temp.resolve("s3-secret"), EmbeddedS3.SECRET_KEY);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "submit",
            "--flink",
            cluster.restEndpoint().toString(),
            "--jar",
            JOB_JAR.toString(),
            "--",
            "--bootstrap-servers",
            stack.bootstrapServers(),
            "--topic",
            "logs",
            "--group-id",
            GROUP,
            "--starting-offsets",
            "earliest",
            "--s3-endpoint",
            stack.s3Endpoint(),
            "--s3-access-key",
            EmbeddedS3.ACCESS_KEY,
            "--s3-secret-key-file",
            secret.toString(),
            "--bucket",
            BUCKET,
            "--checkpoint-interval",
            "2s",
            "--roll-interval",
            "5s",
            "--parallelism",
            "2",
            "--enable",
            "archive,stats");
    assertThat(code).as(err.toString()).isZero();
    String jobId = out.toString().trim();
    assertThat(jobId).matches("[0-9a-f]{32}");
    return jobId;
  }

  private Map<String, String> flinkConfig() {
    return Map.of(
        "execution.checkpointing.dir",
        temp.resolve("checkpoints").toUri().toString(),
        // One slot of the job on each TaskManager, so killing either one fails the job.
        "taskmanager.load-balance.mode",
        "SLOTS",
        "restart-strategy.type",
        "fixed-delay",
        "restart-strategy.fixed-delay.attempts",
        "10",
        "restart-strategy.fixed-delay.delay",
        "1 s");
  }

  private static MinioClient s3(StackProcess stack) {
    return MinioClient.builder()
        .endpoint(stack.s3Endpoint())
        .credentials(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)
        .region(EmbeddedS3.REGION)
        .build();
  }

  /** Every expected id exactly once, nothing else (hash-based: the lists are long). */
  private static void assertExactlyOnce(List<String> archived, List<String> expected) {
    Map<String, Long> copies =
        archived.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    List<String> duplicated =
        copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    Set<String> wanted = new HashSet<>(expected);
    List<String> missing = expected.stream().filter(id -> !copies.containsKey(id)).toList();
    List<String> unexpected = copies.keySet().stream().filter(id -> !wanted.contains(id)).toList();
    assertThat(duplicated.size()).as("archived more than once, e.g. %s", few(duplicated)).isZero();
    assertThat(missing.size()).as("never archived, e.g. %s", few(missing)).isZero();
    assertThat(unexpected.size()).as("never produced, e.g. %s", few(unexpected)).isZero();
    assertThat(archived).hasSameSizeAs(expected);
  }

  private static List<String> few(List<String> ids) {
    return ids.subList(0, Math.min(10, ids.size()));
  }

  private static String key(WindowStats s) {
    return s.getService() + "/" + s.getHost() + "@" + s.getWindowStart().toEpochMilli();
  }

  /** The newest revision of each (service, host, window): what an analyst reads. */
  private static List<WindowStats> latestRevisions(List<WindowStats> all) {
    return new ArrayList<>(
        all.stream()
            .collect(
                Collectors.toMap(
                    TaskManagerFailoverIT::key,
                    Function.identity(),
                    (a, b) -> a.getRevision() >= b.getRevision() ? a : b))
            .values());
  }

  /**
   * Known events counted (on time or late) by the per-service or the per-host windows; the flush
   * events' windows are left out (they stay open while the job runs).
   */
  private static long counted(List<WindowStats> latest, boolean perService) {
    return latest.stream()
        .filter(s -> !s.getService().equals(PacedProducer.FLUSH_SERVICE))
        .filter(s -> (s.getHost() == null) == perService)
        .mapToLong(s -> s.getCount() + s.getLateEvents())
        .sum();
  }
}
