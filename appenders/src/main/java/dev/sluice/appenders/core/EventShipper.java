package dev.sluice.appenders.core;

import dev.sluice.model.codec.Codecs;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The framework-neutral half of a Sluice appender: takes events on the logging threads, encodes
 * them as {@code LogEvent}s (single-object Avro, {@link Codecs#logEvents()}, as the shipper does)
 * into a {@link BoundedBuffer}, and leaves Kafka to a {@link KafkaSender} thread.
 *
 * <p>Guarantees for the application:
 *
 * <ul>
 *   <li>{@link #ship} never blocks on Kafka and never throws: when the buffer is full the event is
 *       dropped and counted.
 *   <li>No recursion: events of {@code org.apache.kafka} loggers, events logged on the sender
 *       thread or on this appender's producer network thread, and events logged while an event is
 *       being shipped on the same thread, are ignored (and counted as such).
 *   <li>{@link #stop} flushes for at most the configured flush timeout (plus a second) and returns.
 * </ul>
 */
public final class EventShipper {
  private static final ThreadLocal<boolean[]> SHIPPING =
      ThreadLocal.withInitial(() -> new boolean[1]);
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final String KAFKA_LOGGERS = "org.apache.kafka";

  private final AppenderSettings settings;
  private final BoundedBuffer buffer;
  private final DeliveryCounters counters = new DeliveryCounters();
  private final EventBuilder builder;
  private final KafkaSender sender;
  private final Thread senderThread;
  private final String networkThreadName;

  private EventShipper(
      AppenderSettings settings,
      String framework,
      StatusReporter status,
      Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
    this.settings = settings;
    this.buffer = new BoundedBuffer(settings.bufferEvents(), (int) settings.bufferBytes());
    this.builder =
        new EventBuilder(
            settings, "appender:" + framework, UUID.randomUUID().toString(), Instant::now);
    String clientId =
        "sluice-appender-"
            + framework
            + "-"
            + settings.service()
            + "-"
            + INSTANCES.incrementAndGet();
    Map<String, Object> producerConfig = ProducerConfigs.of(settings, clientId);
    // the producer names its I/O thread after the client id in effect (a configured one wins)
    this.networkThreadName =
        "kafka-producer-network-thread | " + producerConfig.get(ProducerConfig.CLIENT_ID_CONFIG);
    this.sender = new KafkaSender(settings, buffer, counters, status, producerConfig, producers);
    this.senderThread = new Thread(sender, "sluice-appender-sender-" + clientId);
    senderThread.setDaemon(true);
  }

  /**
   * Starts shipping: the sender thread creates the producer and connects in the background.
   *
   * @param framework {@code logback} or {@code log4j2}; the events' source is {@code
   *     appender:<framework>}
   */
  public static EventShipper start(
      AppenderSettings settings, String framework, StatusReporter status) {
    return start(settings, framework, status, KafkaProducer::new);
  }

  static EventShipper start(
      AppenderSettings settings,
      String framework,
      StatusReporter status,
      Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
    EventShipper shipper = new EventShipper(settings, framework, status, producers);
    shipper.senderThread.start();
    return shipper;
  }

  /**
   * Ships one event unless it is excluded (see the class comment). {@code capture} runs on this
   * thread, only if there is room in the buffer.
   */
  public void ship(String loggerName, Supplier<CapturedEvent> capture) {
    boolean[] shipping = SHIPPING.get();
    if (shipping[0] || excluded(loggerName)) {
      counters.countIgnored();
      return;
    }
    shipping[0] = true;
    try {
      if (!buffer.tryReserveSlot()) {
        counters.countBufferFull();
        return;
      }
      byte[] value;
      try {
        value = Codecs.logEvents().encode(builder.build(capture.get()));
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        buffer.releaseSlot();
        counters.countFailed(e);
        return;
      }
      if (!buffer.offer(value)) {
        counters.countBufferFull();
      }
    } finally {
      shipping[0] = false;
    }
  }

  private boolean excluded(String loggerName) {
    if (loggerName != null
        && loggerName.startsWith(KAFKA_LOGGERS)
        && (loggerName.length() == KAFKA_LOGGERS.length()
            || loggerName.charAt(KAFKA_LOGGERS.length()) == '.')) {
      return true;
    }
    Thread current = Thread.currentThread();
    return current == senderThread || networkThreadName.equals(current.getName());
  }

  /**
   * Stops taking events, flushes what is buffered for up to the flush timeout, and closes the
   * producer. Idempotent; returns within the flush timeout plus about a second.
   */
  public void stop() {
    Duration timeout = settings.flushTimeout();
    sender.requestStop(System.nanoTime() + timeout.toNanos());
    if (Thread.currentThread() == senderThread) {
      return;
    }
    try {
      sender.awaitFinished(timeout.plusSeconds(1).plusMillis(ProducerConfigs.MAX_BLOCK_MS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The settings in use. */
  public AppenderSettings settings() {
    return settings;
  }

  /** What became of the events so far. */
  public DeliveryCounters counters() {
    return counters;
  }

  /** Events queued or waiting for Kafka's acknowledgement now. */
  public int bufferedEvents() {
    return buffer.heldEvents();
  }
}
