package dev.sluice.ingest.bench;

import dev.sluice.ingest.http.HttpSource;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.ingest.syslog.SyslogShipper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code sluice bench ingest}: events/s into Kafka through the syslog TCP listener and through the
 * HTTP NDJSON endpoint, each beside a plain kafka-clients producer of the same lines with the same
 * producer settings, in the same run and against the same broker.
 *
 * <p>What is timed: from the first byte sent to the moment Kafka has acknowledged the last event
 * (the shipper's acknowledged-events counter for syslog; the last 2xx for HTTP, which is only sent
 * after Kafka acknowledged; the last producer callback for the baseline). Each side runs {@code
 * rounds} times, alternating, and the fastest round counts.
 */
public final class NetworkIngestBenchmark {
  /**
   * What to run.
   *
   * @param bootstrapServers the broker
   * @param events events per round and side
   * @param connections concurrent TCP senders / HTTP clients
   * @param linesPerRequest NDJSON lines per HTTP request
   * @param rounds rounds per side
   * @param stateDir scratch directory for the shippers
   */
  public record Options(
      String bootstrapServers,
      int events,
      int connections,
      int linesPerRequest,
      int rounds,
      Path stateDir) {
    public Options {
      if (events < 1000) {
        throw new IllegalArgumentException("--events must be at least 1000");
      }
      if (connections < 1 || connections > 256) {
        throw new IllegalArgumentException("--connections must be between 1 and 256");
      }
      if (linesPerRequest < 1) {
        throw new IllegalArgumentException("--lines-per-request must be at least 1");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1");
      }
    }
  }

  /** One side's best round. */
  public record Result(String workload, String side, long events, double seconds) {
    public double eventsPerSecond() {
      return events / seconds;
    }
  }

  private static final String SERVICE = "bench";
  private static final int COMPRESSION_LINGER_MS = 20;
  private static final int BATCH_SIZE = 256 * 1024;

  private final Options options;
  private final PrintWriter out;
  private int topicSequence;

  public NetworkIngestBenchmark(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Runs both workloads and prints the table; returns the best round of each side. */
  public List<Result> run() throws Exception {
    List<String> syslogLines = BenchLines.syslog(options.events());
    List<String> jsonLines = BenchLines.json(options.events());
    List<Result> results = new ArrayList<>();
    results.addAll(compare("syslog TCP", syslogLines, this::syslogRound));
    results.addAll(compare("HTTP NDJSON", jsonLines, this::httpRound));
    print(results);
    return results;
  }

  private interface Round {
    double seconds(List<String> lines, String topic) throws Exception;
  }

  private List<Result> compare(String workload, List<String> lines, Round sluice) throws Exception {
    double bestSluice = Double.MAX_VALUE;
    double bestBaseline = Double.MAX_VALUE;
    for (int round = 1; round <= options.rounds(); round++) {
      double baseline = baselineRound(lines, nextTopic());
      double ours = sluice.seconds(lines, nextTopic());
      out.printf(
          Locale.ROOT,
          "%s round %d: sluice %.2f s, plain producer %.2f s%n",
          workload,
          round,
          ours,
          baseline);
      out.flush();
      bestSluice = Math.min(bestSluice, ours);
      bestBaseline = Math.min(bestBaseline, baseline);
    }
    return List.of(
        new Result(workload, "sluice", lines.size(), bestSluice),
        new Result(workload, "plain producer", lines.size(), bestBaseline));
  }

  private String nextTopic() {
    return "bench-ingest-" + (++topicSequence);
  }

  private ShipperConfig.Builder config(String topic) {
    return ShipperConfig.builder()
        .bootstrapServers(options.bootstrapServers())
        .topic(topic)
        .rejectsTopic(topic)
        .service(SERVICE)
        .lingerMs(COMPRESSION_LINGER_MS)
        .batchSize(BATCH_SIZE)
        .statusInterval(Duration.ZERO)
        .stateDir(options.stateDir());
  }

  /** The baseline: a kafka-clients producer of the raw lines, the shipper's producer settings. */
  private double baselineRound(List<String> lines, String topic) throws Exception {
    KafkaSettings settings =
        new KafkaSettings(
            options.bootstrapServers(),
            topic,
            topic,
            "zstd",
            COMPRESSION_LINGER_MS,
            BATCH_SIZE,
            Map.of());
    byte[] key = SERVICE.getBytes(StandardCharsets.UTF_8);
    AtomicLong acknowledged = new AtomicLong();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(settings.producerConfig(64L * 1024 * 1024))) {
      producer.partitionsFor(topic); // metadata first, as the shippers wait for Kafka first
      long start = System.nanoTime();
      for (String line : lines) {
        producer.send(
            new ProducerRecord<>(topic, key, line.getBytes(StandardCharsets.UTF_8)),
            (metadata, error) -> {
              if (error == null) {
                acknowledged.incrementAndGet();
              }
            });
      }
      producer.flush();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (acknowledged.get() != lines.size()) {
        throw new IllegalStateException(
            "baseline: " + acknowledged.get() + " of " + lines.size() + " acknowledged");
      }
      return seconds;
    }
  }

  private double syslogRound(List<String> lines, String topic) throws Exception {
    ShipperConfig.Builder b = config(topic);
    b.syslog().tcp("127.0.0.1:0");
    try (SyslogShipper shipper = new SyslogShipper(b.build(), quiet())) {
      Thread runner = new Thread(() -> runQuietly(shipper::run), "bench-syslog");
      runner.start();
      InetSocketAddress address = shipper.tcpAddress(); // bound by the constructor
      long start = System.nanoTime();
      runConcurrently(lines, (slice) -> sendTcp(address, slice));
      awaitReady(shipper.metrics().eventsSent::sum, lines.size(), "syslog events acknowledged");
      double seconds = (System.nanoTime() - start) / 1e9;
      shipper.stop();
      runner.join(30_000);
      return seconds;
    }
  }

  private double httpRound(List<String> lines, String topic) throws Exception {
    ShipperConfig.Builder b = config(topic);
    b.http().listen("127.0.0.1:0");
    try (HttpSource source = new HttpSource(b.build())) {
      source.start();
      Thread runner = new Thread(() -> runQuietly(source::run), "bench-http");
      runner.start();
      awaitReady(() -> source.kafkaReady() ? 1 : 0, 1, "HTTP source ready");
      URI uri = URI.create("http://127.0.0.1:" + source.port() + "/logs");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      AtomicLong retries = new AtomicLong();
      long start = System.nanoTime();
      runConcurrently(lines, slice -> post(client, uri, slice, retries));
      double seconds = (System.nanoTime() - start) / 1e9;
      if (retries.get() > 0) {
        out.printf("  (HTTP: %d requests answered 429/503 and sent again)%n", retries.get());
      }
      source.stop();
      runner.join(30_000);
      return seconds;
    }
  }

  private void post(HttpClient client, URI uri, List<String> slice, AtomicLong retries)
      throws Exception {
    int per = options.linesPerRequest();
    for (int from = 0; from < slice.size(); from += per) {
      List<String> part = slice.subList(from, Math.min(slice.size(), from + per));
      byte[] body = (String.join("\n", part) + "\n").getBytes(StandardCharsets.UTF_8);
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/x-ndjson")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      while (true) {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          break;
        }
        if (response.statusCode() != 429 && response.statusCode() != 503) {
          throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        retries.incrementAndGet();
        Thread.sleep(50); // a client backing off before it sends the same body again
      }
    }
  }

  private static void sendTcp(InetSocketAddress address, List<String> slice) throws IOException {
    try (Socket socket = new Socket(address.getAddress(), address.getPort());
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024)) {
      for (String line : slice) {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    }
  }

  private interface SliceSender {
    void send(List<String> slice) throws Exception;
  }

  private void runConcurrently(List<String> lines, SliceSender sender) throws Exception {
    int n = options.connections();
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<?>> futures = new ArrayList<>();
      int per = (lines.size() + n - 1) / n;
      for (int i = 0; i < n; i++) {
        List<String> slice =
            lines.subList(Math.min(lines.size(), i * per), Math.min(lines.size(), (i + 1) * per));
        futures.add(
            pool.submit(
                () -> {
                  sender.send(slice);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Polls {@code value} until it reaches {@code target}; 5 minutes at most. */
  private static void awaitReady(LongSupplier value, long target, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (value.getAsLong() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ": " + value.getAsLong() + " of " + target);
      }
      Thread.sleep(2); // measurement polling, 2 ms resolution
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private static void runQuietly(Body body) {
    try {
      body.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(OutputStream.nullOutputStream());
  }

  private void print(List<Result> results) {
    out.println();
    out.printf(
        Locale.ROOT, "%-14s %16s %16s %8s%n", "events/s", "sluice", "plain producer", "ratio");
    for (int i = 0; i < results.size(); i += 2) {
      Result ours = results.get(i);
      Result baseline = results.get(i + 1);
      out.printf(
          Locale.ROOT,
          "%-14s %,16.0f %,16.0f %7.2fx%n",
          ours.workload(),
          ours.eventsPerSecond(),
          baseline.eventsPerSecond(),
          ours.eventsPerSecond() / baseline.eventsPerSecond());
    }
    out.printf(
        Locale.ROOT,
        "(%,d events per round, %d connections, %d lines per HTTP request, best of %d rounds)%n",
        options.events(),
        options.connections(),
        options.linesPerRequest(),
        options.rounds());
    out.flush();
  }
}
