package dev.sluice.ingest.ship;

import dev.sluice.ingest.demo.DemoConfig;
import dev.sluice.ingest.demo.DemoEvent;
import dev.sluice.ingest.demo.DemoTrafficGenerator;
import dev.sluice.ingest.file.DeliveredPosition;
import dev.sluice.ingest.kafka.KafkaDelivery;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the demo traffic generator's events ({@code sluice ship --source demo}) through the same
 * parse, enrich, encode and delivery path as files: each record is parsed with the parser its
 * format names, keyed by its service, and carries the id {@code demo-<seed>:<sequence>} (the same
 * configuration gives the same ids). Paced by a {@link Pace}: to the wall clock (live demo), as
 * fast as Kafka takes it, or a first stretch as fast as it goes and the rest at a multiple of real
 * time ({@code sluice demo}). Ends with the generator (its duration) or {@link #stop()}, after
 * delivering what was sent.
 */
public final class DemoShipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoShipper.class);

  /**
   * How simulated time maps to the wall clock: the first {@code fastForward} of the simulation goes
   * as fast as Kafka takes it, the rest at {@code speed} times real time (infinite: all as fast as
   * it goes).
   */
  public record Pace(double speed, Duration fastForward) {
    /** Real time from the first event. */
    public static final Pace REALTIME = new Pace(1, Duration.ZERO);

    /** As fast as Kafka takes it. */
    public static final Pace FAST = new Pace(Double.POSITIVE_INFINITY, Duration.ZERO);

    /**
     * @throws IllegalArgumentException if the speed is not positive or the fast-forward negative
     */
    public Pace {
      if (!(speed > 0) || fastForward.isNegative()) {
        throw new IllegalArgumentException(
            "demo pace needs a positive speed and a fast-forward >= 0, got "
                + speed
                + " and "
                + fastForward);
      }
    }
  }

  private final DemoConfig demo;
  private final Pace pace;
  private final KafkaSettings kafka;
  private final ShipMetrics metrics = new ShipMetrics();
  private final KafkaDelivery delivery;
  private final DemoPipelines pipelines;
  private volatile boolean stopping;
  private volatile long reached = -1;

  /** Paced to the wall clock when {@code realtime}, else as fast as Kafka takes it. */
  public DemoShipper(
      DemoConfig demo,
      boolean realtime,
      KafkaSettings kafka,
      String environment,
      Map<String, String> labels,
      long maxInFlightBytes) {
    this(demo, realtime ? Pace.REALTIME : Pace.FAST, kafka, environment, labels, maxInFlightBytes);
  }

  public DemoShipper(
      DemoConfig demo,
      Pace pace,
      KafkaSettings kafka,
      String environment,
      Map<String, String> labels,
      long maxInFlightBytes) {
    this.demo = demo;
    this.pace = pace;
    this.kafka = kafka;
    this.pipelines = new DemoPipelines(kafka, environment, labels, metrics);
    this.delivery = new KafkaDelivery(kafka, maxInFlightBytes, metrics);
  }

  /** The counters. */
  public ShipMetrics metrics() {
    return metrics;
  }

  /** Simulated time (epoch ms) of the last event handed to Kafka, or -1 before the first. */
  public long reached() {
    return reached;
  }

  /** Generates and ships until the demo's end or {@link #stop()}. */
  public void run() throws InterruptedException {
    LOG.info("shipping demo traffic (seed {}) to {}", demo.seed(), kafka);
    if (!delivery.awaitKafka(() -> stopping)) {
      return;
    }
    DeliveredPosition position = new DeliveredPosition(0);
    long pacedFrom = demo.start().toEpochMilli() + pace.fastForward().toMillis();
    long wallStart = -1;
    long sequence = 0;
    try (DemoTrafficGenerator generator = new DemoTrafficGenerator(demo)) {
      while (!stopping && generator.hasNext()) {
        DemoEvent event = generator.next();
        long paced = event.timeMillis() - pacedFrom;
        if (paced >= 0 && pace.speed() != Double.POSITIVE_INFINITY) {
          if (wallStart < 0) {
            wallStart = System.currentTimeMillis() - (long) (paced / pace.speed());
          }
          long due = wallStart + (long) (paced / pace.speed());
          long wait = due - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
        }
        DeliveredPosition.Batch batch = position.openBatch();
        metrics.linesRead.increment();
        metrics.bytesRead.add(event.line().length());
        KafkaDelivery.OutgoingRecord record =
            pipelines.record(event, "demo-" + demo.seed() + ":" + sequence, Instant.now());
        boolean sent = delivery.send(record, batch, () -> stopping);
        if (!sent) {
          break;
        }
        batch.seal(++sequence);
        reached = event.timeMillis();
        RuntimeException fatal = delivery.fatal();
        if (fatal != null) {
          throw fatal;
        }
      }
    } finally {
      delivery.flush();
      delivery.close();
      LOG.info("demo: {} events sent", metrics.eventsSent.sum());
    }
  }

  /** Asks {@link #run()} to finish. */
  public void stop() {
    stopping = true;
  }

  @Override
  public void close() {
    stop();
  }
}
