package dev.sluice.ingest.http;

import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.metrics.MetricsEndpoint;
import dev.sluice.ingest.metrics.ShipGauges;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.parse.UnparsedParser;
import dev.sluice.ingest.ship.Enricher;
import dev.sluice.ingest.ship.EventPipeline;
import dev.sluice.ingest.ship.ShipperConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP source of {@code sluice ship --http}: receives JSON lines ({@code POST /logs}) and
 * OpenTelemetry logs ({@code POST /v1/logs}, OTLP/HTTP protobuf or JSON) and delivers them to Kafka
 * as {@code LogEvent}s.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>End-to-end acknowledgement.</b> A request is answered 2xx only after Kafka acknowledged
 *       every event in it (acks=all, idempotent producer).
 *   <li><b>All or nothing.</b> A malformed body (400), one too large (413), or one refused under
 *       pressure (429 or 503 before sending, with {@code Retry-After}) sent nothing. After an ack
 *       timeout (503) the events may still arrive; a resent body gives the same event ids.
 *   <li><b>Bounded memory.</b> Bodies up to {@code max-body-bytes}, a bounded queue of requests,
 *       and the shipper's in-flight budget: when it is spent, requests are answered 429 at once.
 *   <li><b>Wrong configuration fails at start</b> (constructor, {@link #start()}) with a message
 *       that says what to fix; the token never appears in logs or errors.
 * </ul>
 */
public final class HttpSource implements AutoCloseable, ShipGauges {
  private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);

  private final ShipperConfig shipper;
  private final HttpSourceConfig config;
  private final ShipMetrics metrics = new ShipMetrics();
  private final KafkaDelivery delivery;
  private final SslContext ssl;
  private final ThreadPoolExecutor workers;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private EventLoopGroup acceptors;
  private EventLoopGroup loops;
  private Channel server;
  private MetricsEndpoint endpoint;
  private volatile boolean kafkaReady;
  private volatile boolean stopping;
  private boolean ran;

  /**
   * Checks the TLS files and creates the producer; nothing listens before {@link #start()}.
   *
   * @throws IllegalArgumentException when the configuration has no HTTP source or TLS files are
   *     unusable (the message says what to fix)
   */
  public HttpSource(ShipperConfig shipper) {
    this.shipper = shipper;
    this.config = shipper.http();
    if (config == null) {
      throw new IllegalArgumentException("no HTTP source configured: set --http [HOST:]PORT");
    }
    this.ssl = config.tlsCert() == null ? null : sslContext(config);
    this.delivery = new KafkaDelivery(shipper.kafka(), shipper.maxInFlightBytes(), metrics);
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256),
            r -> {
              Thread t = new Thread(r, "sluice-http-ingest-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  private static SslContext sslContext(HttpSourceConfig config) {
    try {
      return SslContextBuilder.forServer(config.tlsCert().toFile(), config.tlsKey().toFile())
          .build();
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "cannot use the TLS certificate "
              + config.tlsCert()
              + " and key "
              + config.tlsKey()
              + " ("
              + e.getMessage()
              + "): give a PEM certificate chain and a PEM PKCS#8 private key"
              + " (convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem)",
          e);
    }
  }

  /**
   * Starts listening; requests are answered 503 until Kafka is reachable ({@link #run()}).
   *
   * @throws IllegalStateException if the address cannot be bound (the message names it)
   */
  public synchronized void start() throws InterruptedException {
    if (server != null) {
      return;
    }
    Enricher enricher =
        new Enricher(config.service(), shipper.host(), shipper.environment(), config.labels());
    IngestRequests requests =
        new IngestRequests(
            new RequestDelivery(
                delivery,
                // the decoders parse the bodies; the pipeline enriches, encodes and keys
                () ->
                    new EventPipeline(
                        new UnparsedParser(), false, enricher, delivery.settings(), metrics),
                config.ackTimeout()),
            () -> kafkaReady,
            metrics);
    acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    loops = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    try {
      server =
          new ServerBootstrap()
              .group(acceptors, loops)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new HttpChannels(config, ssl, requests, workers, () -> kafkaReady, metrics))
              .bind(config.bindHost(), config.port())
              .sync()
              .channel();
    } catch (Exception e) {
      shutdownLoops();
      throw new IllegalStateException(
          "cannot listen for HTTP on "
              + config.bindHost()
              + ":"
              + config.port()
              + " ("
              + e
              + "): is the port in use? pick another with --http [HOST:]PORT",
          e);
    }
    LOG.info("HTTP source listening on {} ({})", server.localAddress(), config);
  }

  /** The port listened on (the bound one when 0 was configured). */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Whether Kafka answered and requests are being taken. */
  public boolean kafkaReady() {
    return kafkaReady;
  }

  /** The counters. */
  public ShipMetrics metrics() {
    return metrics;
  }

  /**
   * Listens (if not started yet), waits for Kafka, then takes requests until {@link #stop()}; then
   * stops listening, lets requests in progress be answered and delivers what is in flight.
   *
   * @throws IllegalStateException if Kafka refused records for good (the message says why)
   */
  public void run() throws InterruptedException {
    synchronized (this) {
      ran = true;
    }
    start();
    if (shipper.metricsPort() >= 0 && shipper.sources().isEmpty()) {
      endpoint = MetricsEndpoint.start(shipper.metricsPort(), metrics, this);
      LOG.info("metrics on http://127.0.0.1:{}/metrics", endpoint.port());
    }
    try {
      if (!delivery.awaitKafka(() -> stopping)) {
        return;
      }
      kafkaReady = true;
      LOG.info("Kafka answered; taking requests on port {}", port());
      while (!stopping) {
        delivery.resendFailed();
        RuntimeException fatal = delivery.fatal();
        if (fatal != null) {
          throw fatal;
        }
        stopped.await(100, TimeUnit.MILLISECONDS);
      }
    } finally {
      finish();
    }
  }

  private void finish() throws InterruptedException {
    kafkaReady = false;
    if (server != null) {
      server.close().await(5, TimeUnit.SECONDS);
    }
    workers.shutdown();
    workers.awaitTermination(config.ackTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    // what Kafka has not taken by then is lost only for requests that were not answered 2xx
    delivery.close(Duration.ofSeconds(10));
    shutdownLoops();
    if (endpoint != null) {
      endpoint.close();
    }
    LOG.info(
        "HTTP source stopped: {} requests, {} events sent",
        metrics.httpRequests.sum(),
        metrics.eventsSent.sum());
  }

  private void shutdownLoops() throws InterruptedException {
    if (loops != null) {
      loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
    if (acceptors != null) {
      acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  /** Asks {@link #run()} to finish. */
  public void stop() {
    stopping = true;
    stopped.countDown();
  }

  /** Stops; when {@link #run()} never ran, also releases what the constructor and start took. */
  @Override
  public void close() {
    stop();
    synchronized (this) {
      if (ran) {
        return;
      }
      ran = true;
    }
    try {
      finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public int inFlightRecords() {
    return delivery.inFlightRecords();
  }

  @Override
  public long inFlightBytes() {
    return delivery.inFlightBytes();
  }
}
