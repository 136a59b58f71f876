package dev.sluice.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.ingest.metrics.StatusLine;
import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.LogEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker goes away while syslog arrives: TCP senders are pushed back, UDP drops counted. */
class SyslogOutageIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.dedicated();

  private static final long BUDGET = 1024 * 1024;

  /**
   * The records of one socket read (at most 64 KiB): about 1,500 of the sender's 45-byte lines,
   * each taking at most 320 bytes as an encoded event in the queue.
   */
  private static final long ONE_READ_ENCODED = (64 * 1024 / 45 + 1) * 320;

  @AfterEach
  void brokerBack() {
    if (!KAFKA.broker().isRunning()) {
      KAFKA.broker().restart();
    }
  }

  private ShipperConfig config(String topic, boolean tcp) {
    ShipperConfig.Builder b =
        RunningSyslog.config(KAFKA.bootstrapServers(), topic)
            .service("outage")
            .maxInFlightBytes(BUDGET)
            .metricsPort(0);
    if (tcp) {
      b.syslog().tcp("127.0.0.1:0");
    } else {
      b.syslog().udp("127.0.0.1:0");
    }
    return b.build();
  }

  @Test
  void pushesBackOnATcpSenderWhileKafkaIsDownAndDeliversEverythingOnceItIsBack() throws Exception {
    String topic = KAFKA.newTopic(1);
    try (RunningSyslog running = new RunningSyslog(config(topic, true));
        TopicEvents topicEvents = new TopicEvents(KAFKA.bootstrapServers(), topic);
        Sender sender = new Sender(running.shipper.tcpAddress())) {
      SyslogShipper shipper = running.shipper;
      topicEvents.awaitAtLeast(2_000, Duration.ofSeconds(30));

      KAFKA.broker().stop();
      await("the connection is paused")
          .atMost(Duration.ofSeconds(60))
          .until(() -> shipper.pausedConnections() == 1);
      await("the sender is blocked in write() for a second")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(sender::blockedForASecond);
      assertThat(shipper.inFlightBytes())
          .as(
              "memory stays within the budget and the hand-off queue, plus the records handed"
                  + " over together and one socket read")
          .isLessThanOrEqualTo(
              BUDGET + BUDGET / 4 + SyslogTcpHandler.HAND_OVER_BYTES + ONE_READ_ENCODED);

      KAFKA.broker().restart();
      long sent = sender.finish();
      List<LogEvent> events = topicEvents.awaitAtLeast(sent, Duration.ofSeconds(90));
      BitSet seen = new BitSet();
      for (LogEvent e : events) {
        seen.set(Integer.parseInt(e.getMessage().substring(e.getMessage().indexOf('=') + 1)));
      }
      assertThat(seen.cardinality()).as("every message arrived").isEqualTo((int) sent);
      assertThat(seen.nextSetBit((int) sent)).as("and no other").isEqualTo(-1);
      assertThat(events).as("each once").hasSize((int) sent);
    }
  }

  @Test
  void countsUdpDropsWhileKafkaIsDownAndDeliversWhatItTook() throws Exception {
    String topic = KAFKA.newTopic(1);
    try (RunningSyslog running = new RunningSyslog(config(topic, false));
        TopicEvents topicEvents = new TopicEvents(KAFKA.bootstrapServers(), topic);
        DatagramSocket socket = new DatagramSocket()) {
      SyslogShipper shipper = running.shipper;
      InetSocketAddress address = shipper.udpAddress();
      KAFKA.broker().stop();
      AtomicLong n = new AtomicLong();
      await("datagrams are dropped while the queue is full")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(1))
          .until(
              () -> {
                for (int i = 0; i < 200; i++) {
                  byte[] bytes =
                      ("<14>Nov 26 11:00:00 h app: udp n=" + n.getAndIncrement())
                          .getBytes(StandardCharsets.UTF_8);
                  socket.send(new DatagramPacket(bytes, bytes.length, address));
                }
                return shipper.metrics().udpDropped.sum() > 0;
              });
      long dropped = shipper.metrics().udpDropped.sum();
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + shipper.metricsPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics).containsPattern("sluice_ship_udp_dropped_total [1-9]");
      ByteArrayOutputStream status = new ByteArrayOutputStream();
      new StatusLine(shipper.metrics(), shipper, new PrintStream(status, true)).print();
      assertThat(status.toString(StandardCharsets.UTF_8)).contains("udp dropped ");

      KAFKA.broker().restart();
      await("everything taken is delivered")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  shipper.metrics().eventsSent.sum()
                      == shipper.metrics().linesRead.sum() - shipper.metrics().udpDropped.sum());
      long taken = shipper.metrics().linesRead.sum() - shipper.metrics().udpDropped.sum();
      assertThat(dropped).isPositive();
      assertThat(topicEvents.awaitAtLeast(taken, Duration.ofSeconds(30))).hasSize((int) taken);
    }
  }

  /** Sends numbered newline-framed messages on one connection until told to finish. */
  private static final class Sender implements AutoCloseable {
    private final Socket socket;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private volatile boolean inWrite;
    private volatile boolean finishing;
    private long lastSeen = -1;
    private long lastChange = System.nanoTime();

    Sender(InetSocketAddress address) throws Exception {
      socket = new Socket();
      socket.setSendBufferSize(32 * 1024);
      socket.connect(address);
      thread = new Thread(this::send, "test-syslog-sender");
      thread.start();
    }

    private void send() {
      try {
        OutputStream out = socket.getOutputStream();
        while (!finishing) {
          byte[] line =
              ("<14>Nov 26 11:00:00 h app: pushback n=" + written.get() + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          inWrite = true;
          out.write(line);
          inWrite = false;
          written.incrementAndGet();
        }
        out.flush();
        socket.shutdownOutput();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** Whether the sender has been inside one write() for a second without progress. */
    boolean blockedForASecond() {
      long now = System.nanoTime();
      long count = written.get();
      if (count != lastSeen) {
        lastSeen = count;
        lastChange = now;
        return false;
      }
      return inWrite && now - lastChange > Duration.ofSeconds(1).toNanos();
    }

    /** Stops after the write in progress; returns how many messages were written. */
    long finish() throws InterruptedException {
      finishing = true;
      thread.join(60_000);
      assertThat(thread.isAlive()).as("the sender finished once Kafka was back").isFalse();
      return written.get();
    }

    @Override
    public void close() throws Exception {
      finishing = true;
      socket.close();
      thread.join(5_000);
    }
  }
}
