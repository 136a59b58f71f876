package dev.sluice.cli.demo;

import dev.sluice.ingest.ship.DemoShipper;
import dev.sluice.model.Anomaly;
import dev.sluice.model.AnomalyStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * Takes one reading of the running demo per {@link #tick}: new anomalies from the topic (waiting up
 * to {@link #EVERY} for them, which paces the loop), the shipper's counters, the job's metrics and
 * consumer lag; and shows it on the {@link StatusView}.
 *
 * <p>Guarantees: a tick takes about {@link #EVERY} (longer only when a server is slow to answer);
 * every anomaly record the feed delivers is shown once.
 */
final class Probe {
  /** Time between readings. */
  static final Duration EVERY = Duration.ofSeconds(1);

  private final DemoPlan plan;
  private final Instant start;
  private final long began;
  private final DemoShipper shipper;
  private final JobMetrics metrics;
  private final ConsumerLag consumerLag;
  private final AnomalyFeed feed;
  private final StatusView view;
  private int opened;
  private long lag = -1;
  private JobMetrics.Snapshot job = new JobMetrics.Snapshot(-1, -1);

  Probe(
      DemoPlan plan,
      Instant start,
      long began,
      DemoShipper shipper,
      JobMetrics metrics,
      ConsumerLag consumerLag,
      AnomalyFeed feed,
      StatusView view) {
    this.plan = plan;
    this.start = start;
    this.began = began;
    this.shipper = shipper;
    this.metrics = metrics;
    this.consumerLag = consumerLag;
    this.feed = feed;
    this.view = view;
  }

  /** Reads everything and shows it under {@code phase}. */
  void tick(String phase) {
    show(feed.poll(EVERY));
    JobMetrics.Snapshot now = metrics.read();
    if (now.archived() >= 0) {
      job = now;
    }
    lag = consumerLag.lag();
    view.update(status(phase));
  }

  /** After the job ended: the anomalies still in the topic, and a last status. */
  void last(String phase) {
    int empty = 0;
    while (empty < 2) {
      java.util.List<Anomaly> fresh = feed.poll(EVERY);
      show(fresh);
      empty = fresh.isEmpty() ? empty + 1 : 0;
    }
    lag = consumerLag.lag();
    view.update(status(phase));
  }

  private void show(java.util.List<Anomaly> fresh) {
    for (Anomaly a : fresh) {
      if (a.getStatus() == AnomalyStatus.OPEN) {
        opened++;
      }
      view.anomaly(a);
    }
  }

  private DemoStatus status(String phase) {
    long reached = shipper.reached();
    return new DemoStatus(
        phase,
        plan.progress(start, reached),
        reached < 0 ? null : Instant.ofEpochMilli(reached),
        Duration.ofNanos(System.nanoTime() - began),
        shipper.metrics().eventsSent.sum(),
        job.archived(),
        lag,
        job.filesCommitted(),
        opened);
  }

  long lag() {
    return lag;
  }
}
