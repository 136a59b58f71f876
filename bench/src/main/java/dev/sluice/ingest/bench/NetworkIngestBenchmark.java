package dev.sluice.ingest.bench;

import dev.sluice.ingest.http.HttpSource;
import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.ingest.syslog.SyslogShipper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code sluice bench ingest}: events/s and CPU per event into Kafka through the syslog TCP
 * listener and through the HTTP NDJSON endpoint, each beside a plain kafka-clients producer of the
 * same lines with the same producer settings (the very {@code KafkaSettings} the shipper is built
 * with: compression, linger, batch size, acks=all, idempotence, buffer memory), in the same run and
 * against the same broker, and beside the benchmark's own client alone.
 *
 * <p>What is timed: from the first byte sent to the moment Kafka has acknowledged the last event
 * (the shipper's acknowledged-events counter for syslog; the last 2xx for HTTP, which is only sent
 * after Kafka acknowledged; the last producer callback for the baseline). The input is encoded
 * before the clock starts (framed TCP bytes, NDJSON bodies). HTTP clients keep one HTTP/1.1
 * connection each and wait for each answer, as a shipper does. "Client alone" runs the same clients
 * against a server that discards the bytes (TCP) or answers 200 at once (HTTP): it shows that the
 * client is not what limits the Sluice side. CPU is thread CPU time ({@link RoundCpu}): the side
 * under test apart from the client and from the embedded broker. Rounds alternate the order of the
 * sides; the median of each figure counts; the 1-minute load average is printed with every round.
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

  /**
   * One side's median round.
   *
   * @param side {@code sluice}, {@code plain producer} or {@code client alone}
   * @param cpuSeconds CPU of the side itself (for the client alone: the client's)
   * @param clientCpuSeconds CPU of the benchmark's client threads (0 for the plain producer)
   * @param brokerCpuSeconds CPU of the broker's threads
   * @param cpuSecondsByThread the side's CPU by what its threads do (median of each), empty for the
   *     client alone
   */
  public record Result(
      String workload,
      String side,
      long events,
      double seconds,
      double cpuSeconds,
      double clientCpuSeconds,
      double brokerCpuSeconds,
      Map<String, Double> cpuSecondsByThread) {
    public double eventsPerSecond() {
      return events / seconds;
    }

    /** CPU microseconds per event of the side itself. */
    public double cpuMicrosPerEvent() {
      return cpuSeconds * 1e6 / events;
    }
  }

  private record Round(
      double seconds,
      double cpu,
      double clientCpu,
      double brokerCpu,
      double processCpu,
      Map<String, Double> threads) {}

  private static final String SERVICE = "bench";
  private static final int COMPRESSION_LINGER_MS = 20;
  private static final int BATCH_SIZE = 256 * 1024;
  private static final String SYSLOG = "syslog TCP";
  private static final String HTTP = "HTTP NDJSON";

  private final Options options;
  private final PrintWriter out;
  private int topicSequence;

  public NetworkIngestBenchmark(Options options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /** Runs both workloads and prints the tables; returns the median round of each side. */
  public List<Result> run() throws Exception {
    double loadAtStart = loadAverage();
    List<List<String>> syslogSlices =
        IngestClients.slices(BenchLines.syslog(options.events()), options.connections());
    List<List<String>> jsonSlices =
        IngestClients.slices(BenchLines.json(options.events()), options.connections());
    List<byte[]> payloads = IngestClients.tcpPayloads(syslogSlices);
    List<List<byte[]>> bodies = IngestClients.httpBodies(jsonSlices, options.linesPerRequest());
    List<Result> results = new ArrayList<>();
    results.addAll(
        compare(
            SYSLOG,
            flatten(syslogSlices),
            topic -> syslogRound(payloads, topic),
            () -> tcpClientAlone(payloads)));
    results.addAll(
        compare(
            HTTP,
            flatten(jsonSlices),
            topic -> httpRound(bodies, topic),
            () -> httpClientAlone(bodies)));
    print(results, loadAtStart, loadAverage());
    return results;
  }

  private static List<String> flatten(List<List<String>> slices) {
    List<String> all = new ArrayList<>();
    slices.forEach(all::addAll);
    return all;
  }

  private interface SluiceRound {
    Round run(String topic) throws Exception;
  }

  private interface ClientRound {
    Round run() throws Exception;
  }

  private List<Result> compare(
      String workload, List<String> lines, SluiceRound sluice, ClientRound client)
      throws Exception {
    List<Round> ours = new ArrayList<>();
    List<Round> plain = new ArrayList<>();
    List<Round> alone = new ArrayList<>();
    // one uncounted round of each side first, so that no counted round runs before the JIT
    Round warmSluice = sluice.run(nextTopic());
    Round warmPlain = baselineRound(workload, lines, nextTopic());
    client.run();
    out.printf(
        Locale.ROOT,
        "%s warm-up (not counted): sluice %.2f s, plain producer %.2f s%n",
        workload,
        warmSluice.seconds(),
        warmPlain.seconds());
    for (int round = 1; round <= options.rounds(); round++) {
      if (round % 2 == 1) {
        plain.add(baselineRound(workload, lines, nextTopic()));
        ours.add(sluice.run(nextTopic()));
      } else {
        ours.add(sluice.run(nextTopic()));
        plain.add(baselineRound(workload, lines, nextTopic()));
      }
      alone.add(client.run());
      Round o = ours.get(round - 1);
      Round p = plain.get(round - 1);
      out.printf(
          Locale.ROOT,
          "%s round %d: sluice %.2f s (CPU %.2f s, client %.2f s, process %.2f s), plain"
              + " producer %.2f s (CPU %.2f s, process %.2f s), client alone %.2f s; load %.2f%n",
          workload,
          round,
          o.seconds(),
          o.cpu(),
          o.clientCpu(),
          o.processCpu(),
          p.seconds(),
          p.cpu(),
          p.processCpu(),
          alone.get(round - 1).seconds(),
          loadAverage());
      out.flush();
    }
    long n = lines.size();
    return List.of(
        median(workload, "sluice", n, ours),
        median(workload, "plain producer", n, plain),
        median(workload, "client alone", n, alone));
  }

  private static Result median(String workload, String side, long events, List<Round> rounds) {
    return new Result(
        workload,
        side,
        events,
        median(rounds, Round::seconds),
        median(rounds, Round::cpu),
        median(rounds, Round::clientCpu),
        median(rounds, Round::brokerCpu),
        medianByThread(rounds));
  }

  private static Map<String, Double> medianByThread(List<Round> rounds) {
    Map<String, Double> medians = new LinkedHashMap<>();
    rounds.stream()
        .flatMap(r -> r.threads().keySet().stream())
        .distinct()
        .sorted()
        .forEach(
            role -> medians.put(role, median(rounds, r -> r.threads().getOrDefault(role, 0.0))));
    return medians;
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
    double[] v = rounds.stream().mapToDouble(figure).sorted().toArray();
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  private String nextTopic() {
    return "bench-ingest-" + (++topicSequence);
  }

  /** The shipper's configuration for {@code workload}; the baseline takes its Kafka settings. */
  private ShipperConfig config(String workload, String topic) {
    ShipperConfig.Builder b =
        ShipperConfig.builder()
            .bootstrapServers(options.bootstrapServers())
            .topic(topic)
            .rejectsTopic(topic)
            .service(SERVICE)
            .lingerMs(COMPRESSION_LINGER_MS)
            .batchSize(BATCH_SIZE)
            .statusInterval(Duration.ZERO)
            .stateDir(options.stateDir());
    if (workload.equals(SYSLOG)) {
      b.syslog().tcp("127.0.0.1:0");
    } else {
      b.http().listen("127.0.0.1:0");
    }
    return b.build();
  }

  /**
   * The baseline: a kafka-clients producer of the raw lines with the producer configuration the
   * shipper builds from the same settings (its buffer memory included).
   */
  private Round baselineRound(String workload, List<String> lines, String topic) throws Exception {
    ShipperConfig config = config(workload, topic);
    byte[] key = SERVICE.getBytes(StandardCharsets.UTF_8);
    byte[][] values = new byte[lines.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
    }
    AtomicLong acknowledged = new AtomicLong();
    RoundCpu cpu = RoundCpu.start();
    long bufferMemory = Math.max(32L * 1024 * 1024, 2 * config.maxInFlightBytes());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config.kafka().producerConfig(bufferMemory))) {
      producer.partitionsFor(topic); // metadata first, as the shippers wait for Kafka first
      long start = System.nanoTime();
      for (byte[] value : values) {
        producer.send(
            new ProducerRecord<>(topic, key, value),
            (metadata, error) -> {
              if (error == null) {
                acknowledged.incrementAndGet();
              }
            });
      }
      producer.flush();
      double seconds = (System.nanoTime() - start) / 1e9;
      RoundCpu.Cost cost = cpu.stop();
      if (acknowledged.get() != lines.size()) {
        throw new IllegalStateException(
            "baseline: " + acknowledged.get() + " of " + lines.size() + " acknowledged");
      }
      return new Round(
          seconds,
          cost.sideSeconds(),
          0,
          cost.brokerSeconds(),
          cost.processSeconds(),
          cost.sideByThread());
    }
  }

  /** A listener under test (the syslog shipper, the HTTP source), built for one round. */
  private interface Listener extends AutoCloseable {
    /** Runs it (on the round's runner thread) until {@link #stop}. */
    void run() throws Exception;

    /** Whether the clock may start: it takes input now. */
    boolean ready();

    /** Sends the round's input through it and returns once Kafka has all of it. */
    void deliver(AtomicLong clientCpu) throws Exception;

    /** Asks {@link #run} to deliver what it has and return. */
    void stop();

    @Override
    void close();
  }

  /** Builds a round's listener (after the round's CPU snapshot, so its threads count). */
  private interface ListenerFactory {
    Listener open() throws Exception;
  }

  private Round syslogRound(List<byte[]> payloads, String topic) throws Exception {
    return listenerRound(
        "bench-syslog",
        () -> {
          SyslogShipper shipper = new SyslogShipper(config(SYSLOG, topic), quiet());
          return new Listener() {
            @Override
            public void run() throws Exception {
              shipper.run();
            }

            @Override
            public boolean ready() {
              return true; // bound by the constructor; it takes input while it waits for Kafka
            }

            @Override
            public void deliver(AtomicLong clientCpu) throws Exception {
              InetSocketAddress address = shipper.tcpAddress();
              IngestClients.runAll(payloads, p -> IngestClients.sendTcp(address, p), clientCpu);
              awaitReady(
                  shipper.metrics().eventsSent::sum,
                  options.events(),
                  "syslog events acknowledged");
            }

            @Override
            public void stop() {
              shipper.stop();
            }

            @Override
            public void close() {
              shipper.close();
            }
          };
        });
  }

  private Round httpRound(List<List<byte[]>> bodies, String topic) throws Exception {
    AtomicLong retries = new AtomicLong();
    Round round =
        listenerRound(
            "bench-http",
            () -> {
              HttpSource source = new HttpSource(config(HTTP, topic));
              try {
                source.start();
              } catch (Exception | Error e) {
                source.close();
                throw e;
              }
              return new Listener() {
                @Override
                public void run() throws Exception {
                  source.run();
                }

                @Override
                public boolean ready() {
                  return source.kafkaReady();
                }

                @Override
                public void deliver(AtomicLong clientCpu) throws Exception {
                  InetSocketAddress address =
                      new InetSocketAddress(InetAddress.getLoopbackAddress(), source.port());
                  IngestClients.runAll(bodies, mine -> post(address, mine, retries), clientCpu);
                }

                @Override
                public void stop() {
                  source.stop();
                }

                @Override
                public void close() {
                  source.close();
                }
              };
            });
    if (retries.get() > 0) {
      out.printf("  (HTTP: %d requests answered 429/503 and sent again)%n", retries.get());
    }
    return round;
  }

  /**
   * One round of a listener, the same for every way in: CPU counted from before it is built, run on
   * its own thread, timed from the first byte sent until Kafka has everything, then stopped.
   */
  private Round listenerRound(String thread, ListenerFactory factory) throws Exception {
    RoundCpu cpu = RoundCpu.start();
    AtomicLong clientCpu = new AtomicLong();
    try (Listener listener = factory.open()) {
      Thread runner = new Thread(() -> runQuietly(listener::run), thread);
      runner.start();
      awaitReady(() -> listener.ready() ? 1 : 0, 1, thread + ": listener ready");
      long start = System.nanoTime();
      listener.deliver(clientCpu);
      double seconds = (System.nanoTime() - start) / 1e9;
      RoundCpu.Cost cost = cpu.stop();
      listener.stop();
      runner.join(30_000);
      return new Round(
          seconds,
          cost.sideSeconds(),
          clientCpu.get() / 1e9,
          cost.brokerSeconds(),
          cost.processSeconds(),
          cost.sideByThread());
    }
  }

  private Round tcpClientAlone(List<byte[]> payloads) throws Exception {
    long total = payloads.stream().mapToLong(p -> p.length).sum();
    AtomicLong clientCpu = new AtomicLong();
    try (IngestClients.DiscardServer server = new IngestClients.DiscardServer(total)) {
      long start = System.nanoTime();
      IngestClients.runAll(payloads, p -> IngestClients.sendTcp(server.address(), p), clientCpu);
      server.await();
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Round(seconds, clientCpu.get() / 1e9, clientCpu.get() / 1e9, 0, 0, Map.of());
    }
  }

  private Round httpClientAlone(List<List<byte[]>> bodies) throws Exception {
    AtomicLong clientCpu = new AtomicLong();
    try (IngestClients.AcceptingServer server = new IngestClients.AcceptingServer()) {
      AtomicLong retries = new AtomicLong();
      long start = System.nanoTime();
      IngestClients.runAll(bodies, mine -> post(server.address(), mine, retries), clientCpu);
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Round(seconds, clientCpu.get() / 1e9, clientCpu.get() / 1e9, 0, 0, Map.of());
    }
  }

  /** Posts {@code bodies} one after the other over one connection; 429/503 are sent again. */
  private static void post(InetSocketAddress address, List<byte[]> bodies, AtomicLong retries)
      throws Exception {
    try (IngestClients.Poster poster = new IngestClients.Poster(address, "/logs")) {
      for (byte[] body : bodies) {
        while (true) {
          int status = poster.post(body);
          if (status == 200) {
            break;
          }
          if (status != 429 && status != 503) {
            throw new IllegalStateException("HTTP " + status + " from the HTTP source");
          }
          retries.incrementAndGet();
          Thread.sleep(50); // a client backing off before it sends the same body again
        }
      }
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

  /** The 1-minute load average (/proc/loadavg), or -1 where there is none. */
  static double loadAverage() {
    try {
      String text = Files.readString(Path.of("/proc/loadavg"));
      return Double.parseDouble(text.substring(0, text.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private void print(List<Result> results, double loadAtStart, double loadAtEnd) {
    out.println();
    out.printf(
        Locale.ROOT,
        "%-12s %12s %15s %7s %13s%n",
        "events/s",
        "sluice",
        "plain producer",
        "ratio",
        "client alone");
    for (int i = 0; i < results.size(); i += 3) {
      Result[] r = Arrays.copyOfRange(results.toArray(new Result[0]), i, i + 3);
      out.printf(
          Locale.ROOT,
          "%-12s %,12.0f %,15.0f %6.2fx %,13.0f%n",
          r[0].workload(),
          r[0].eventsPerSecond(),
          r[1].eventsPerSecond(),
          r[0].eventsPerSecond() / r[1].eventsPerSecond(),
          r[2].eventsPerSecond());
    }
    out.printf(
        Locale.ROOT,
        "%-12s %12s %15s %7s %13s%n",
        "CPU µs/event",
        "sluice",
        "plain producer",
        "ratio",
        "client alone");
    for (int i = 0; i < results.size(); i += 3) {
      Result[] r = Arrays.copyOfRange(results.toArray(new Result[0]), i, i + 3);
      out.printf(
          Locale.ROOT,
          "%-12s %12.2f %15.2f %6.2fx %13.2f%n",
          r[0].workload(),
          r[0].cpuMicrosPerEvent(),
          r[1].cpuMicrosPerEvent(),
          r[0].cpuMicrosPerEvent() / r[1].cpuMicrosPerEvent(),
          r[2].cpuMicrosPerEvent());
    }
    out.println("CPU µs/event by thread (median of each)");
    for (Result r : results) {
      if (r.cpuSecondsByThread().isEmpty()) {
        continue;
      }
      StringBuilder line = new StringBuilder();
      r.cpuSecondsByThread()
          .forEach(
              (role, seconds) ->
                  line.append(
                      String.format(Locale.ROOT, "  %s %.2f", role, seconds * 1e6 / r.events())));
      out.printf(Locale.ROOT, "%-12s %-15s%s%n", r.workload(), r.side(), line);
    }
    out.printf(
        Locale.ROOT,
        "(%,d events per round, %d connections, %d lines per HTTP request, median of %d rounds"
            + " with alternating order after a warm-up; CPU: the side's own threads, without the client's and the"
            + " broker's; broker CPU s sluice/plain: syslog %.2f/%.2f, HTTP %.2f/%.2f; 1-min load"
            + " average %.2f at start, %.2f at end)%n",
        options.events(),
        options.connections(),
        options.linesPerRequest(),
        options.rounds(),
        results.get(0).brokerCpuSeconds(),
        results.get(1).brokerCpuSeconds(),
        results.get(3).brokerCpuSeconds(),
        results.get(4).brokerCpuSeconds(),
        loadAtStart,
        loadAtEnd);
    out.flush();
  }
}
