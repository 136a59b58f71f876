package dev.sluice.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) inside this JVM, on
 * loopback ports.
 *
 * <p>Guarantees: after {@link #start} returns the broker accepts produce and admin requests on
 * {@link #bootstrapServers()}. {@link #stop()} and {@link #restart()} keep the data directory and
 * the port, so failure-injection tests can take the broker away and bring the same one back. {@link
 * #close()} stops it and deletes its data when the directory was a temporary one.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dataDir;
  private final boolean deleteOnClose;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  private EmbeddedKafka(Path dataDir, boolean deleteOnClose, int port, int controllerPort) {
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  /** Starts a broker on free ports with its data in a new temporary directory. */
  public static EmbeddedKafka start() {
    try {
      return start(Files.createTempDirectory("sluice-kafka-"), true, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a broker.
   *
   * @param dataDir where the logs and metadata live; formatted on first use, reused after
   * @param deleteOnClose whether {@link #close()} deletes {@code dataDir}
   * @param port the client port, or 0 for a free one
   */
  public static EmbeddedKafka start(Path dataDir, boolean deleteOnClose, int port) {
    EmbeddedKafka kafka =
        new EmbeddedKafka(
            dataDir, deleteOnClose, port == 0 ? FreePorts.next() : port, FreePorts.next());
    kafka.format();
    kafka.startServer();
    return kafka;
  }

  /** {@code host:port} for clients. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The client port. */
  public int port() {
    return port;
  }

  /** Whether the broker is running now. */
  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Creates a topic (idempotent: an existing topic is fine). */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + name, e.getCause());
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    Map<String, Object> config = new HashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return Admin.create(config);
  }

  /** Stops the broker, keeping its data and port for {@link #restart()}. */
  public synchronized void stop() {
    if (server != null) {
      LOG.info("stopping Kafka broker on {}", bootstrapServers());
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  /** Starts the stopped broker again on the same port with the same data. */
  public synchronized void restart() {
    stop();
    startServer();
  }

  @Override
  public void close() {
    stop();
    if (deleteOnClose) {
      Directories.deleteRecursively(dataDir);
    }
  }

  private Map<String, String> brokerConfig() {
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dataDir.resolve("data").toString());
    p.put("metadata.log.dir", dataDir.resolve("meta").toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("default.replication.factor", "1");
    p.put("num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "true");
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    // No time-based retention: tests and backfills produce records whose timestamps (their event
    // time) are older than Kafka's 7-day default, and the broker's retention check (every 5 min)
    // would delete them between a write and the read that checks it. The data dir is temporary.
    p.put("log.retention.ms", "-1");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "2");
    // Flink's exactly-once Kafka sink holds transactions open for a checkpoint interval.
    p.put("transaction.max.timeout.ms", String.valueOf(Duration.ofHours(1).toMillis()));
    return p;
  }

  private void format() {
    Path meta = dataDir.resolve("meta");
    if (Files.exists(meta.resolve("meta.properties"))) {
      return;
    }
    try {
      new Formatter()
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(meta.toString())
          .setDirectories(List.of(dataDir.resolve("data").toString(), meta.toString()))
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + dataDir, e);
    }
  }

  private synchronized void startServer() {
    Properties props = new Properties();
    props.putAll(brokerConfig());
    KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    raftServer.startup();
    server = raftServer;
    LOG.info("Kafka broker up on {}", bootstrapServers());
  }
}
