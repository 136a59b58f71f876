package dev.sluice.ingest.stdin;

import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.metrics.MetricsEndpoint;
import dev.sluice.ingest.metrics.ShipGauges;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.metrics.StatusLine;
import dev.sluice.ingest.ship.Enricher;
import dev.sluice.ingest.ship.ShipSource;
import dev.sluice.ingest.ship.ShipperConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships an input stream (standard input: {@code some-app | sluice ship --stdin --service x}) to
 * Kafka with the same multiline merging, parser, enrichment and delivery as a file source.
 *
 * <p>Guarantees: {@link #run()} returns normally only once the stream has ended and Kafka has
 * acknowledged every record read from it; it throws {@link IllegalStateException} with the reason
 * if Kafka refused records for good, if the stream could not be read, or if it was stopped ({@link
 * #stop()}, e.g. SIGTERM) before everything was acknowledged. Memory is bounded by the in-flight
 * budget: when Kafka is slow or away, reading stops, and so does the writer of the pipe. Kafka
 * unreachable is retried until it is back. There is no position to save: a crash loses the
 * unacknowledged tail, since a pipe cannot be read again.
 */
public final class StdinShipper implements ShipGauges {
  private static final Logger LOG = LoggerFactory.getLogger(StdinShipper.class);

  /** How long a stopped shipper still waits for acknowledgements. */
  public static final Duration DRAIN = Duration.ofSeconds(10);

  private final ShipperConfig config;
  private final InputStream in;
  private final PrintStream statusOut;
  private final ShipMetrics metrics = new ShipMetrics();
  private final KafkaDelivery delivery;
  private final StdinRecords records;
  private final CountDownLatch readerDone = new CountDownLatch(1);
  private final AtomicReference<Exception> readError = new AtomicReference<>();
  private volatile boolean stopping;
  private volatile long giveUpAt;

  /**
   * @param config a configuration whose {@link ShipperConfig#stdin()} is set
   */
  public StdinShipper(ShipperConfig config, InputStream in, PrintStream statusOut) {
    ShipSource source = config.stdin();
    if (source == null) {
      throw new IllegalArgumentException("the configuration does not read stdin");
    }
    this.config = config;
    this.in = in;
    this.statusOut = statusOut;
    this.delivery = new KafkaDelivery(config.kafka(), config.maxInFlightBytes(), metrics);
    this.records =
        new StdinRecords(
            source,
            new Enricher(source.service(), config.host(), config.environment(), source.labels()),
            config.kafka(),
            delivery,
            metrics,
            String.format("%08x", ThreadLocalRandom.current().nextInt()),
            () -> stopping);
  }

  /** The counters. */
  public ShipMetrics metrics() {
    return metrics;
  }

  @Override
  public int inFlightRecords() {
    return delivery.inFlightRecords();
  }

  @Override
  public long inFlightBytes() {
    return delivery.inFlightBytes();
  }

  /**
   * Reads to the end of the stream and waits until Kafka acknowledged everything.
   *
   * @throws IllegalStateException if not everything could be delivered (the message says why)
   */
  public void run() throws InterruptedException {
    LOG.info("shipping {}", config);
    ScheduledExecutorService scheduler = null;
    MetricsEndpoint endpoint = null;
    try {
      if (config.metricsPort() >= 0) {
        endpoint = MetricsEndpoint.start(config.metricsPort(), metrics, this);
      }
      if (!config.statusInterval().isZero()) {
        scheduler = Executors.newSingleThreadScheduledExecutor(StdinShipper::daemon);
        StatusLine.schedule(scheduler, config.statusInterval(), metrics, this, statusOut);
      }
      if (!delivery.awaitKafka(() -> stopping)) {
        throw new IllegalStateException("stopped before Kafka answered; nothing was delivered");
      }
      Thread reader = daemon(this::read);
      reader.setName("sluice-stdin-reader");
      reader.start();
      while (!readerDone.await(100, TimeUnit.MILLISECONDS) && !stopping) {
        records.pollTimeout();
        checkFatal();
      }
      Exception error = readError.get();
      if (error != null) {
        throw new IllegalStateException("cannot read standard input: " + error, error);
      }
      if (!stopping) {
        records.flush();
      }
      awaitDelivered();
    } finally {
      delivery.close(Duration.ofSeconds(5));
      if (scheduler != null) {
        scheduler.shutdown();
      }
      if (endpoint != null) {
        endpoint.close();
      }
    }
    LOG.info(
        "stdin: {} lines read, {} events delivered",
        metrics.linesRead.sum(),
        metrics.eventsSent.sum());
  }

  private void read() {
    try {
      new LineReader(in, config.files().maxLineBytes()).readAll(records::line);
    } catch (IOException e) {
      readError.set(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      readerDone.countDown();
    }
  }

  private void awaitDelivered() throws InterruptedException {
    delivery.flush();
    while (!records.allDelivered()) {
      checkFatal();
      if (stopping && System.nanoTime() - giveUpAt > 0) {
        throw new IllegalStateException(
            "stopped before every record read from standard input was acknowledged by Kafka ("
                + records.unacknowledged()
                + " in flight)");
      }
      delivery.resendFailed();
      Thread.sleep(20);
    }
    if (stopping && readerDone.getCount() > 0) {
      throw new IllegalStateException(
          "stopped before the end of standard input; what was read is delivered");
    }
  }

  private void checkFatal() {
    RuntimeException fatal = delivery.fatal();
    if (fatal != null) {
      throw new IllegalStateException("delivery to Kafka failed: " + fatal.getMessage(), fatal);
    }
  }

  /** Asks {@link #run()} to stop reading and return after delivering what was read. */
  public void stop() {
    giveUpAt = System.nanoTime() + DRAIN.toNanos();
    stopping = true;
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "sluice-stdin-status");
    t.setDaemon(true);
    return t;
  }
}
