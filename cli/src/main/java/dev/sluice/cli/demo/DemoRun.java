package dev.sluice.cli.demo;

import dev.sluice.cli.ui.UiServer;
import dev.sluice.ingest.demo.GroundTruth;
import dev.sluice.ingest.ship.DemoShipper;
import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.local.EmbeddedFlink;
import dev.sluice.local.EmbeddedS3;
import dev.sluice.local.LocalStack;
import dev.sluice.query.QueryConfig;
import dev.sluice.query.QueryEngine;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;

/**
 * One run of {@code sluice demo}: starts the local stack (Kafka, S3, Flink MiniCluster), submits
 * the Sluice job, ships the {@link DemoPlan}'s traffic while showing a live status and the
 * anomalies as they are found, waits for the job to catch up, drains it, then prints the injected
 * incidents beside the anomalies found, example queries, and how to query further; with {@code
 * keep}, holds the stack up until {@link #cancel()}.
 *
 * <p>Guarantees: whatever happens — a normal end, a failure or {@link #cancel()} (Ctrl-C) — the
 * job, the shipper, the Kafka clients and the stack are stopped and the stack's temporary data
 * (savepoints and ground truth included) deleted before {@link #run()} returns or throws.
 */
public final class DemoRun {
  /** How long the job may take to catch up with what was shipped, and to drain. */
  static final Duration CATCH_UP = Duration.ofMinutes(3);

  /** What {@code sluice demo} was asked for. */
  public record Settings(DemoPlan plan, boolean keep, boolean live, boolean color, int width) {}

  /** What came out; {@code report} and {@code queryRows} are null when cancelled. */
  public record Result(boolean cancelled, IncidentReport report, List<Long> queryRows) {}

  private final Settings settings;
  private final PrintWriter out;
  private volatile boolean cancelled;
  private final CountDownLatch cancelRequested = new CountDownLatch(1);
  private volatile DemoShipper shipper;

  public DemoRun(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Asks the run to stop as soon as it can (from another thread, e.g. a shutdown hook). */
  public void cancel() {
    cancelled = true;
    cancelRequested.countDown();
    DemoShipper s = shipper;
    if (s != null) {
      s.stop();
    }
  }

  /** Runs the demo to its end, or until {@link #cancel()}. */
  public Result run() throws Exception {
    long began = System.nanoTime();
    DemoPlan plan = settings.plan();
    intro(plan);
    LocalStack stack = null;
    EmbeddedFlink flink = null;
    DemoJob job = null;
    AnomalyFeed feed = null;
    ConsumerLag lag = null;
    Thread shipping = null;
    try {
      out.println("Starting the embedded Kafka broker, S3 server and Flink MiniCluster …");
      out.flush();
      // One partition: the job's event time then follows the shipper's order, so no window
      // closes before its events arrive.
      stack =
          LocalStack.start(
              new LocalStack.Options(
                  null, 0, 0, EmbeddedS3.Storage.DISK, "sluice", 1, false, 0, 0));
      if (!cancelled) {
        flink = EmbeddedFlink.start(2, 0, flinkConfig());
      }
      if (cancelled) {
        return stopped();
      }
      out.printf(
          Locale.ROOT,
          "  up in %.0f s: Kafka %s, S3 %s, Flink web UI %s%n",
          (System.nanoTime() - began) / 1e9,
          stack.kafka().bootstrapServers(),
          stack.s3().endpoint(),
          flink.restEndpoint());
      out.println("  data in " + stack.dataDir() + " (deleted when the demo ends)");
      Path work = Files.createDirectories(stack.dataDir().resolve("demo"));
      job = DemoJob.submit(stack, flink, plan);
      out.println("  job " + job.id() + " submitted: " + String.join(" ", plan.jobFlags()));
      out.println();
      out.flush();
      String bootstrap = stack.kafka().bootstrapServers();
      feed = new AnomalyFeed(bootstrap, job.options().anomaliesTopic());
      lag = new ConsumerLag(bootstrap, job.options().groupId(), job.options().topic());
      JobMetrics metrics = new JobMetrics(flink.restEndpoint(), job.id());

      Instant start = plan.start(Instant.now());
      Path truthFile = work.resolve("ground-truth.jsonl");
      DemoShipper s =
          new DemoShipper(
              plan.demoConfig(start, truthFile),
              plan.pace(),
              ShipperConfig.builder()
                  .bootstrapServers(bootstrap)
                  .topic(job.options().topic())
                  .kafkaSettings(),
              "demo",
              Map.of(),
              16L * 1024 * 1024);
      shipper = s;
      if (cancelled) {
        return stopped();
      }
      AtomicReference<Throwable> shipFailure = new AtomicReference<>();
      shipping =
          new Thread(
              () -> {
                try {
                  s.run();
                } catch (Throwable e) {
                  shipFailure.set(e);
                }
              },
              "sluice-demo-shipper");
      shipping.setDaemon(true);
      shipping.start();

      StatusView view = new StatusView(out, settings.live(), settings.color(), settings.width());
      Probe probe = new Probe(plan, start, began, s, metrics, lag, feed, view);
      while (shipping.isAlive() && !cancelled) {
        long reached = s.reached();
        boolean fast = reached < start.plus(plan.fastForward()).toEpochMilli();
        probe.tick(
            fast
                ? "warm-up, fast-forward"
                : String.format(Locale.ROOT, "demo at %.0fx real time", plan.speed()));
      }
      if (shipFailure.get() != null) {
        throw new IllegalStateException(
            "shipping the demo traffic failed: " + shipFailure.get().getMessage(),
            shipFailure.get());
      }
      long deadline = System.nanoTime() + CATCH_UP.toNanos();
      while (!cancelled && probe.lag() != 0) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the job did not catch up with the shipped events in "
                  + CATCH_UP.toMinutes()
                  + " min");
        }
        probe.tick("all shipped; job catching up");
      }
      if (cancelled) {
        view.finish();
        return stopped();
      }
      probe.tick("draining the job");
      job.drain(work.resolve("savepoints"), CATCH_UP, () -> cancelled);
      probe.last("done");
      view.finish();
      if (cancelled) {
        return stopped();
      }

      List<GroundTruth.Entry> injected = GroundTruth.read(truthFile);
      IncidentReport report = IncidentReport.of(injected, feed.all(), DemoPlan.WINDOW);
      String stored;
      try (var s3 = LocalStack.minioClient(stack.s3())) {
        stored = StoredFiles.describe(s3, stack.bucket());
      }
      out.println();
      out.printf(
          Locale.ROOT,
          "Demo finished in %s: %s events shipped; the bucket holds %s.%n",
          StatusView.duration(Duration.ofNanos(System.nanoTime() - began)),
          StatusView.number(s.metrics().eventsSent.sum()),
          stored);
      out.println();
      out.println("Incidents injected, and the anomalies the job found:");
      report.print(out);
      QueryConfig query =
          QueryConfig.builder()
              .endpoint(stack.s3().endpoint())
              .bucket(stack.bucket())
              .accessKey(EmbeddedS3.ACCESS_KEY)
              .secretKey(EmbeddedS3.SECRET_KEY)
              .region(EmbeddedS3.REGION)
              .build();
      out.println();
      out.print("Example queries (what 'sluice query' runs):");
      List<Long> rows = DemoQueries.run(query, DemoQueries.examples(injected), out);
      out.println();
      if (settings.keep()) {
        try (QueryEngine engine = QueryEngine.connect(query);
            UiServer ui =
                UiServer.start(
                    engine,
                    new InetSocketAddress("127.0.0.1", 0),
                    Duration.ofDays(7),
                    Clock.systemUTC())) {
          NextSteps.whileKept(out, stack, flink, feed.all(), ui.url());
          out.flush();
          cancelRequested.await(); // Ctrl-C is how a kept demo ends: a normal end, not a cancel
        }
        return new Result(false, report, rows);
      }
      NextSteps.afterStop(out);
      out.flush();
      return new Result(cancelled, report, rows);
    } finally {
      stopAll(shipping, job, feed, lag, flink, stack);
    }
  }

  /** The MiniCluster's REST metrics refresh every second, not every ten, for the live status. */
  private static Configuration flinkConfig() {
    Configuration config = new Configuration();
    config.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
    return config;
  }

  private void intro(DemoPlan plan) {
    out.printf(
        Locale.ROOT,
        "Sluice demo: five services log to Kafka; a Flink job archives the logs, computes%n"
            + "window stats and watches for anomalies; all of it lands as Avro files on S3,%n"
            + "queried with SQL. Timeline: %d min of normal traffic, fast-forwarded (the%n"
            + "detectors learn what is usual), then %d min with one incident of each kind at%n"
            + "%.0fx real time (about %s on the wall clock); seed %d.%n%n",
        plan.warmUp().toMinutes(),
        plan.duration().toMinutes(),
        plan.speed(),
        StatusView.duration(plan.pacedWallTime()),
        plan.seed());
    out.flush();
  }

  private Result stopped() {
    out.println();
    out.println("Stopping the demo …");
    out.flush();
    return new Result(true, null, null);
  }

  private void stopAll(
      Thread shipping,
      DemoJob job,
      AnomalyFeed feed,
      ConsumerLag lag,
      EmbeddedFlink flink,
      LocalStack stack) {
    DemoShipper s = shipper;
    if (s != null) {
      s.stop();
    }
    if (shipping != null) {
      try {
        shipping.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (job != null) {
      job.cancel();
    }
    for (AutoCloseable c : new AutoCloseable[] {feed, lag, flink, stack}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          out.println("  could not stop cleanly: " + e.getMessage());
        }
      }
    }
    if (cancelled) {
      out.println("Stopped.");
    }
    out.flush();
  }
}
