package dev.sluice.ingest.ship;

import dev.sluice.ingest.file.FileSource;
import dev.sluice.ingest.file.FileSourceOptions;
import dev.sluice.ingest.file.SavedPosition;
import dev.sluice.ingest.file.SourcePositions;
import dev.sluice.ingest.file.StateStore;
import dev.sluice.ingest.file.TailedFile;
import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.metrics.MetricsEndpoint;
import dev.sluice.ingest.metrics.ShipGauges;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.metrics.StatusLine;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log shipper: follows files, turns their lines into events and delivers them to Kafka.
 *
 * <p>Guarantees (at-least-once, nothing lost):
 *
 * <ul>
 *   <li>A read position is saved only after Kafka acknowledged every record before it, so a crash
 *       at any moment resends at most the unacknowledged tail, with the same event ids.
 *   <li>Memory is bounded by the in-flight budget: when Kafka is slow or away, reading stops.
 *   <li>Kafka unreachable at start or mid-run: retried with backoff until it is back.
 *   <li>Wrong configuration fails in the constructor with a message that says what to fix.
 * </ul>
 *
 * <p>One reader thread ({@link #run()}) does the reading, parsing and encoding; a scheduler thread
 * saves positions and prints the status line.
 */
public final class Shipper implements AutoCloseable, ShipGauges {
  private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);

  private final ShipperConfig config;
  private final ShipMetrics metrics = new ShipMetrics();
  private final StateStore state;
  private final SourcePositions positions;
  private final List<FileSource> sources = new ArrayList<>();
  private final List<ShippingSink> sinks = new ArrayList<>();
  private final KafkaDelivery delivery;
  private final ScheduledExecutorService scheduler;
  private final PrintStream statusOut;
  private MetricsEndpoint endpoint;
  private volatile boolean stopping;
  private List<SavedPosition> lastSaved = List.of();

  /** Opens the state directory and creates the producer; nothing is read before {@link #run()}. */
  public Shipper(ShipperConfig config, PrintStream statusOut) {
    this.config = config;
    this.statusOut = statusOut;
    this.state = StateStore.open(config.stateDir());
    try {
      this.positions = SourcePositions.restore(state.load());
      this.delivery = new KafkaDelivery(config.kafka(), config.maxInFlightBytes(), metrics);
    } catch (RuntimeException e) {
      closeState();
      throw e;
    }
    for (ShipSource source : config.sources()) {
      sources.add(
          new FileSource(
              new FileSourceOptions(
                  source.paths(),
                  config.files().readFrom(),
                  config.files().gzip(),
                  config.files().maxLineBytes(),
                  config.files().closeInactive(),
                  config.files().partialLineTimeout()),
              positions,
              metrics));
      sinks.add(
          new ShippingSink(
              source,
              new Enricher(source.service(), config.host(), config.environment(), source.labels()),
              config.kafka(),
              delivery,
              metrics,
              () -> stopping));
    }
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-ship-checkpoint");
              t.setDaemon(true);
              return t;
            });
  }

  /** The counters, for tests and the benchmark. */
  public ShipMetrics metrics() {
    return metrics;
  }

  /** The metrics endpoint's port, or -1 when it is off. */
  public int metricsPort() {
    return endpoint == null ? -1 : endpoint.port();
  }

  /** Bytes of records handed to Kafka and not yet acknowledged. */
  public long inFlightBytes() {
    return delivery.inFlightBytes();
  }

  /** Records handed to Kafka and not yet acknowledged. */
  public int inFlightRecords() {
    return delivery.inFlightRecords();
  }

  /** Bytes not yet delivered, per followed file. */
  public Map<String, Long> fileLag() {
    Map<String, Long> lag = new LinkedHashMap<>();
    for (FileSource source : sources) {
      for (TailedFile file : source.files()) {
        if (file.position() != null && file.knownSize() >= 0) {
          lag.merge(
              file.path().toString(),
              Math.max(0, file.knownSize() - file.position().delivery().delivered()),
              Long::sum);
        }
      }
    }
    return lag;
  }

  /**
   * Ships until {@link #stop()} (or, with stop-at-eof, until every file is read and delivered).
   *
   * @throws IllegalStateException if Kafka refused records for good (the message says why)
   */
  public void run() throws InterruptedException {
    LOG.info("shipping: {}", config);
    if (config.metricsPort() >= 0) {
      endpoint = MetricsEndpoint.start(config.metricsPort(), metrics, this);
      LOG.info("metrics on http://127.0.0.1:{}/metrics", endpoint.port());
    }
    long checkpointMs = config.files().checkpointInterval().toMillis();
    scheduler.scheduleWithFixedDelay(
        this::checkpoint, checkpointMs, checkpointMs, TimeUnit.MILLISECONDS);
    StatusLine.schedule(scheduler, config.statusInterval(), metrics, this, statusOut);
    try {
      if (!delivery.awaitKafka(() -> stopping)) {
        return;
      }
      loop();
    } finally {
      finish();
    }
  }

  private void loop() throws InterruptedException {
    long scanEvery = config.files().scanInterval().toNanos();
    long nextScan = 0;
    while (!stopping) {
      long now = System.nanoTime();
      if (now - nextScan >= 0) {
        for (FileSource source : sources) {
          source.scan();
        }
        nextScan = now + scanEvery;
      }
      delivery.resendFailed();
      long read = 0;
      for (int i = 0; i < sources.size() && !stopping; i++) {
        read += sources.get(i).read(sinks.get(i));
        sinks.get(i).pollTimeouts();
      }
      RuntimeException fatal = delivery.fatal();
      if (fatal != null) {
        throw fatal;
      }
      if (read == 0) {
        if (config.files().stopAtEof() && flushPartialLines() == 0 && caughtUpAndDelivered()) {
          LOG.info("every file is read to its end and delivered; stopping (stop-at-eof)");
          return;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Ships the unterminated last lines of files read to their end (stop-at-eof). */
  private int flushPartialLines() {
    int flushed = 0;
    for (int i = 0; i < sources.size(); i++) {
      flushed += sources.get(i).flushPartialLines(sinks.get(i));
    }
    return flushed;
  }

  private boolean caughtUpAndDelivered() {
    for (FileSource source : sources) {
      if (!source.caughtUp()) {
        return false;
      }
    }
    sinks.forEach(ShippingSink::flushAll);
    for (FileSource source : sources) {
      for (TailedFile file : source.files()) {
        if (file.position() != null && !file.position().delivery().allDelivered()) {
          delivery.flush();
          return false;
        }
      }
    }
    return delivery.inFlightRecords() == 0;
  }

  /** Asks {@link #run()} to finish: it delivers what it can, saves positions and returns. */
  public void stop() {
    stopping = true;
  }

  private void finish() {
    stopping = true;
    try {
      delivery.close(java.time.Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      LOG.warn("closing the Kafka producer: {}", e.toString());
    }
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    checkpoint();
    for (FileSource source : sources) {
      source.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  private synchronized void checkpoint() {
    try {
      List<SavedPosition> snapshot =
          positions.snapshot(System.currentTimeMillis(), config.files().stateRetention());
      if (!samePositions(snapshot, lastSaved)) {
        state.save(snapshot);
        lastSaved = snapshot;
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot save read positions in {}: {}", config.stateDir(), e.toString());
    }
  }

  private static boolean samePositions(List<SavedPosition> a, List<SavedPosition> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Map<String, Long> offsets = new LinkedHashMap<>();
    b.forEach(p -> offsets.put(p.fingerprint(), p.offset()));
    for (SavedPosition p : a) {
      Long other = offsets.get(p.fingerprint());
      if (other == null || other != p.offset()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    stop();
    closeState();
  }

  private void closeState() {
    try {
      state.close();
    } catch (IOException e) {
      LOG.debug("releasing the state directory: {}", e.toString());
    }
  }
}
