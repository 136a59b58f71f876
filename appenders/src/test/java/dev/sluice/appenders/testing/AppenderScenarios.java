package dev.sluice.appenders.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour both appenders must show against a real broker, each configured through its
 * framework's real configuration file ({@code logback-sluice-it.xml}, {@code
 * log4j2-sluice-it.xml}), with the appender on the root logger so that the kafka-clients inside it
 * logs into the very appender it serves.
 */
public abstract class AppenderScenarios {
  protected static final String SERVICE = "checkout";
  private static final int THREADS = 4;
  private static final int PER_THREAD = 1_000;
  private static final int BUFFER_EVENTS = 1_000;

  /** The dedicated broker of the concrete test class. */
  protected abstract KafkaExtension kafka();

  /** The framework name in the events' source, {@code appender:<framework>}. */
  protected abstract String framework();

  /**
   * (Re)configures the framework from its IT configuration file, with these system properties:
   * {@code sluice.it.bootstrap}, {@code sluice.it.topic}, {@code sluice.it.bufferEvents}, {@code
   * sluice.it.lingerMs}.
   */
  protected abstract void configure(Map<String, String> properties) throws Exception;

  /** Stops the framework's configuration, as application shutdown does (the appender flushes). */
  protected abstract void stopLogging();

  /** Logs through the framework's API with this MDC on the calling thread, then clears the MDC. */
  protected abstract void log(
      String logger, Level level, String message, Throwable thrown, Map<String, String> mdc);

  protected abstract long delivered();

  protected abstract long dropped();

  protected abstract long ignored();

  protected abstract int buffered();

  /** Warnings the appender gave through the framework's status channel. */
  protected abstract List<String> statusWarnings();

  @AfterEach
  void stopLoggingAndBringBackTheBroker() {
    stopLogging();
    if (!kafka().broker().isRunning()) {
      kafka().broker().restart();
    }
  }

  private String configureForNewTopic(int bufferEvents, int lingerMs) throws Exception {
    String topic = kafka().newTopic(1);
    configure(
        Map.of(
            "sluice.it.bootstrap", kafka().bootstrapServers(),
            "sluice.it.topic", topic,
            "sluice.it.bufferEvents", String.valueOf(bufferEvents),
            "sluice.it.lingerMs", String.valueOf(lingerMs)));
    return topic;
  }

  @Test
  void shipsDecodableEventsWithMdcStackTraceTraceIdsLevelAndLogger() throws Exception {
    String topic = configureForNewTopic(10_000, 5);
    Instant before = Instant.now().minusMillis(1);
    log(
        "app.orders",
        Level.INFO,
        "order 42 placed",
        null,
        Map.of(
            "trace_id",
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "span_id",
            "00f067aa0ba902b7",
            "user",
            "alice"));
    log(
        "app.payments",
        Level.ERROR,
        "payment failed",
        new IllegalStateException("payment declined", new IOException("gateway timeout")),
        Map.of("traceId", "0af7651916cd43dd8448eb211c80319c", "spanId", "b7ad6b7169203331"));
    log("app.orders", Level.WARN, "stock low", null, Map.of());

    try (TopicReader reader = new TopicReader(kafka().bootstrapServers(), topic)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> reader.readToEnd().size() >= 3);
      List<ConsumerRecord<byte[], byte[]>> records = reader.readToEnd();
      assertThat(records).hasSize(3);
      assertThat(records)
          .allSatisfy(
              r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(SERVICE));
      List<LogEvent> events = reader.eventsToEnd();
      String thread = Thread.currentThread().getName();

      LogEvent placed = events.get(0);
      assertThat(placed.getMessage()).isEqualTo("order 42 placed");
      assertThat(placed.getLevel()).isEqualTo(Level.INFO);
      assertThat(placed.getLogger()).isEqualTo("app.orders");
      assertThat(placed.getThread()).isEqualTo(thread);
      assertThat(placed.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(placed.getSpanId()).isEqualTo("00f067aa0ba902b7");
      assertThat(placed.getAttributes()).isEqualTo(Map.of("user", "alice"));
      assertThat(placed.getService()).isEqualTo(SERVICE);
      assertThat(placed.getEnvironment()).isEqualTo("it");
      assertThat(placed.getHost()).isNotBlank();
      assertThat(placed.getSource()).isEqualTo("appender:" + framework());
      assertThat(placed.getEventTime()).isAfter(before).isBeforeOrEqualTo(placed.getIngestTime());
      assertThat(placed.getTruncated()).isFalse();

      LogEvent failed = events.get(1);
      assertThat(failed.getLevel()).isEqualTo(Level.ERROR);
      assertThat(failed.getLogger()).isEqualTo("app.payments");
      assertThat(failed.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(failed.getSpanId()).isEqualTo("b7ad6b7169203331");
      assertThat(failed.getAttributes()).isEmpty();
      assertThat(failed.getMessage())
          .startsWith("payment failed\njava.lang.IllegalStateException: payment declined\n\tat ")
          .contains("\tat " + AppenderScenarios.class.getName() + ".")
          .contains("\nCaused by: java.io.IOException: gateway timeout");

      LogEvent low = events.get(2);
      assertThat(low.getLevel()).isEqualTo(Level.WARN);
      assertThat(low.getTraceId()).isNull();
      assertThat(low.getSpanId()).isNull();

      assertThat(events).extracting(e -> e.getId().toString()).doesNotHaveDuplicates();
      assertThat(dropped()).isZero();
    }
  }

  @Test
  void keepsWhatFitsTheBufferWhileTheBrokerIsDownAndCountsTheRestAsDropped() throws Exception {
    String topic = configureForNewTopic(BUFFER_EVENTS, 5);
    log("app.startup", Level.INFO, "warm-up", null, Map.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> delivered() == 1);

    kafka().broker().stop();
    long ignoredBefore = ignored();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> logFromThreads("app.outage"),
        "logging must not wait for the absent broker");
    assertThat(kafka().broker().isRunning())
        .as("every logging call returned while the broker was still down")
        .isFalse();

    int logged = THREADS * PER_THREAD;
    assertThat(buffered()).isEqualTo(BUFFER_EVENTS);
    assertThat(dropped()).isEqualTo(logged - BUFFER_EVENTS);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(ignored())
                  .as(
                      "the producer's own warnings about the absent broker reached the appender"
                          + " and were not shipped")
                  .isGreaterThan(ignoredBefore);
              assertThat(statusWarnings()).anyMatch(w -> w.contains("Sluice appender dropped"));
            });

    kafka().broker().restart();
    await().atMost(Duration.ofSeconds(60)).until(() -> delivered() == 1 + BUFFER_EVENTS);
    stopLogging();

    try (TopicReader reader = new TopicReader(kafka().bootstrapServers(), topic)) {
      List<LogEvent> events = reader.eventsToEnd();
      List<LogEvent> outage =
          events.stream().filter(e -> "app.outage".equals(e.getLogger())).toList();
      assertThat(events)
          .as("nothing but the application's events, Kafka's own logging excluded")
          .allMatch(e -> e.getLogger().startsWith("app."));
      assertThat(outage).hasSize(BUFFER_EVENTS);
      assertThat(outage.size() + dropped()).as("delivered + dropped == logged").isEqualTo(logged);

      Map<String, List<Integer>> sequenceByThread = new HashMap<>();
      for (LogEvent e : outage) {
        String[] parts = e.getMessage().toString().split(" ");
        sequenceByThread
            .computeIfAbsent(parts[1], k -> new ArrayList<>())
            .add(Integer.parseInt(parts[3]));
      }
      sequenceByThread.forEach(
          (thread, sequence) ->
              assertThat(sequence)
                  .as("each thread's first events fit the buffer and arrive in order: " + thread)
                  .isEqualTo(
                      java.util.stream.IntStream.range(0, sequence.size()).boxed().toList()));
    }
  }

  @Test
  void keepsEventsLoggedBeforeKafkaWasEverReachableAndDeliversThemWhenItIs() throws Exception {
    String topic = kafka().newTopic(1);
    kafka().broker().stop();
    configure(
        Map.of(
            "sluice.it.bootstrap",
            kafka().bootstrapServers(),
            "sluice.it.topic",
            topic,
            "sluice.it.bufferEvents",
            "100",
            "sluice.it.lingerMs",
            "5"));
    int logged = 10;
    for (int i = 0; i < logged; i++) {
      log("app.early", Level.INFO, "early " + i, null, Map.of());
    }

    // restarting takes seconds, each of them a metadata timeout for the waiting sender
    kafka().broker().restart();
    await().atMost(Duration.ofSeconds(60)).until(() -> delivered() == logged);

    assertThat(dropped()).isZero();
    try (TopicReader reader = new TopicReader(kafka().bootstrapServers(), topic)) {
      assertThat(reader.eventsToEnd())
          .extracting(e -> e.getMessage().toString())
          .containsExactly(
              java.util.stream.IntStream.range(0, logged)
                  .mapToObj(i -> "early " + i)
                  .toArray(String[]::new));
    }
  }

  @Test
  void flushesWhatIsBufferedWhenLoggingStops() throws Exception {
    // a linger far longer than the test: only the flush on stop can deliver these events
    String topic = configureForNewTopic(10_000, 60_000);
    int logged = 500;
    for (int i = 0; i < logged; i++) {
      log("app.shutdown", Level.INFO, "closing " + i, null, Map.of());
    }
    assertThat(buffered()).isEqualTo(logged);
    assertThat(delivered()).isZero();

    stopLogging();

    assertThat(delivered()).isEqualTo(logged);
    assertThat(dropped()).isZero();
    try (TopicReader reader = new TopicReader(kafka().bootstrapServers(), topic)) {
      assertThat(reader.eventsToEnd()).hasSize(logged);
    }
  }

  private void logFromThreads(String logger) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String name = "worker-" + t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < PER_THREAD; i++) {
                  log(
                      logger,
                      Level.INFO,
                      "thread " + name + " event " + i,
                      null,
                      Map.of("n", "" + i));
                }
              },
              name);
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
