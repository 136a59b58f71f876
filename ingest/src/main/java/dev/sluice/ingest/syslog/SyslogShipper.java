package dev.sluice.ingest.syslog;

import dev.sluice.ingest.file.DeliveredPosition;
import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import dev.sluice.ingest.metrics.MetricsEndpoint;
import dev.sluice.ingest.metrics.ShipGauges;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.metrics.StatusLine;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.ingest.ship.ShipperConfig;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syslog source of {@code sluice ship}: receives RFC 3164 and RFC 5424 messages over TCP
 * (octet-counted or newline-framed, optionally TLS) and UDP, and delivers them to Kafka as {@link
 * dev.sluice.model.LogEvent}s (see {@link SyslogEvents} for the fields).
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>TCP: nothing read is dropped; a slow or absent Kafka pushes back.</b> Event loops
 *       decode, parse and encode, and hand records to a bounded {@link DeliveryQueue}; one sender
 *       thread ({@link #run()}) passes them to {@link KafkaDelivery} a round at a time (one budget
 *       acquisition and one acknowledgement per round), blocking while its in-flight budget is
 *       spent. When the queue is full, connections stop being read until it has room, so senders'
 *       TCP windows fill. Event loops never block.
 *   <li><b>UDP: drops are counted</b> ({@code sluice_ship_udp_dropped_total}, the status line): a
 *       datagram arriving while the queue is full is dropped.
 *   <li>Memory: the in-flight budget ({@code queue.max-bytes}) plus a quarter of it for the
 *       hand-off queue, plus per paused connection the records handed over together (64 KiB) and
 *       those of one socket read, and the records the sender holds (at most 4,096 and about 1 MiB).
 *   <li>Kafka unreachable at start or mid-run: retried until it is back (listeners stay up; TCP
 *       senders wait, UDP drops are counted).
 *   <li>{@link #stop()}: stops listening, closes connections, delivers what was received (for up to
 *       {@link #DRAIN} while Kafka is away) and returns. Syslog has no acknowledgements, so what
 *       was received but not yet delivered when the process dies is lost, as with every syslog
 *       relay that does not spool to disk.
 *   <li>Wrong configuration (port in use, unusable certificate) fails in the constructor.
 * </ul>
 */
public final class SyslogShipper implements AutoCloseable, ShipGauges {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogShipper.class);

  /** How long {@link #run()} keeps delivering after {@link #stop()}. */
  public static final Duration DRAIN = Duration.ofSeconds(10);

  /**
   * Most records moved from the queue per round, and most bytes; held by the sender while it waits
   * for budget.
   */
  private static final int CHUNK = 4096;

  private static final long CHUNK_BYTES = 1024 * 1024;

  private final ShipperConfig config;
  private final ShipMetrics metrics = new ShipMetrics();
  private final KafkaDelivery delivery;
  private final DeliveryQueue queue;
  private final SyslogListeners listeners;
  private final ScheduledExecutorService scheduler;
  private final PrintStream statusOut;
  private final DeliveredPosition delivered = new DeliveredPosition(0);
  private MetricsEndpoint endpoint;
  private volatile boolean stopping;
  private volatile long giveUpAt;

  /**
   * Binds the listeners and creates the producer.
   *
   * @throws IllegalArgumentException if a listener cannot be bound or TLS cannot be set up
   */
  public SyslogShipper(ShipperConfig config, PrintStream statusOut) {
    SyslogSettings settings = config.syslog();
    if (settings == null) {
      throw new IllegalArgumentException("no syslog listener configured");
    }
    this.config = config;
    this.statusOut = statusOut;
    this.queue = new DeliveryQueue(Math.max(256 * 1024, config.maxInFlightBytes() / 4));
    this.listeners =
        SyslogListeners.start(
            settings,
            () ->
                new SyslogEvents(
                    Parsers.byName("syslog"),
                    config.service(),
                    config.host(),
                    config.environment(),
                    config.labels(),
                    settings.mustParse(),
                    config.kafka(),
                    metrics),
            queue,
            metrics);
    try {
      this.delivery = new KafkaDelivery(config.kafka(), config.maxInFlightBytes(), metrics);
    } catch (RuntimeException e) {
      listeners.close();
      throw e;
    }
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-syslog-status");
              t.setDaemon(true);
              return t;
            });
  }

  /** The counters. */
  public ShipMetrics metrics() {
    return metrics;
  }

  /** The bound TCP address (the real port when 0 was asked for), or null. */
  public InetSocketAddress tcpAddress() {
    return listeners.tcpAddress();
  }

  /** The bound UDP address, or null. */
  public InetSocketAddress udpAddress() {
    return listeners.udpAddress();
  }

  /** TCP connections not being read now because the queue is full (backpressure). */
  public int pausedConnections() {
    return queue.pausedConnections();
  }

  /** The metrics endpoint's port, or -1 when it is off. */
  public int metricsPort() {
    return endpoint == null ? -1 : endpoint.port();
  }

  @Override
  public int inFlightRecords() {
    return delivery.inFlightRecords() + queue.size();
  }

  @Override
  public long inFlightBytes() {
    return delivery.inFlightBytes() + queue.bytes();
  }

  /**
   * Delivers received messages until {@link #stop()}; then delivers what is left (see {@link
   * #DRAIN}) and closes.
   *
   * @throws IllegalStateException if Kafka refused records for good (the message says why)
   */
  public void run() throws InterruptedException {
    LOG.info("shipping {}; {}", config.syslog(), config.kafka());
    if (config.metricsPort() >= 0) {
      endpoint = MetricsEndpoint.start(config.metricsPort(), metrics, this);
      LOG.info("metrics on http://127.0.0.1:{}/metrics", endpoint.port());
    }
    StatusLine.schedule(scheduler, config.statusInterval(), metrics, this, statusOut);
    try {
      if (delivery.awaitKafka(() -> stopping)) {
        send();
      }
    } finally {
      finish();
    }
  }

  private void send() throws InterruptedException {
    List<OutgoingRecord> chunk = new ArrayList<>(CHUNK);
    long sequence = 0;
    while (queue.drainTo(chunk, CHUNK, CHUNK_BYTES, 100)) {
      delivery.resendFailed();
      delivered.delivered(); // forgets acknowledged batches
      RuntimeException fatal = delivery.fatal();
      if (fatal != null) {
        throw fatal;
      }
      if (chunk.isEmpty()) {
        continue;
      }
      DeliveredPosition.Batch batch = delivered.openBatch();
      if (!delivery.sendAll(chunk, batch, this::givingUp)) {
        LOG.warn("stopped with records not delivered (Kafka did not take them in time)");
        return;
      }
      sequence += chunk.size();
      batch.seal(sequence);
      chunk.clear();
    }
    awaitDelivered();
  }

  private void awaitDelivered() throws InterruptedException {
    delivery.flush();
    while (!delivered.allDelivered() && !givingUp()) {
      delivery.resendFailed();
      if (delivery.fatal() != null) {
        throw delivery.fatal();
      }
      Thread.sleep(20);
    }
  }

  private boolean givingUp() {
    return stopping && System.nanoTime() - giveUpAt > 0;
  }

  /** Asks {@link #run()} to stop listening, deliver what it received and return. */
  public void stop() {
    if (stopping) {
      return;
    }
    giveUpAt = System.nanoTime() + DRAIN.toNanos();
    stopping = true;
    listeners.close();
    queue.close();
  }

  private void finish() {
    stop();
    try {
      delivery.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      LOG.warn("closing the Kafka producer: {}", e.toString());
    }
    scheduler.shutdown();
    if (endpoint != null) {
      endpoint.close();
    }
    LOG.info(
        "syslog: {} messages received, {} events sent, {} UDP datagrams dropped",
        metrics.linesRead.sum(),
        metrics.eventsSent.sum(),
        metrics.udpDropped.sum());
  }

  @Override
  public void close() {
    stop();
  }
}
