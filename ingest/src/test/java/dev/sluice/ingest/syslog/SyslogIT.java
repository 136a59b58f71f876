package dev.sluice.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.ship.ShipperConfig;
import dev.sluice.local.junit.KafkaExtension;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Syslog over TCP, TLS and UDP into a real broker: everything sent arrives, once. */
class SyslogIT {
  @RegisterExtension static final KafkaExtension KAFKA = KafkaExtension.shared();

  @TempDir Path dir;

  @Test
  void deliversEveryMessageOfABurstFromSixtyConcurrentSendersInBothFramings() throws Exception {
    String topic = KAFKA.newTopic(3);
    ShipperConfig.Builder b = RunningSyslog.config(KAFKA.bootstrapServers(), topic);
    b.syslog().tcp("127.0.0.1:0");
    int senders = 60;
    int perSender = 250;
    try (RunningSyslog running = new RunningSyslog(b.build());
        TopicEvents topicEvents = new TopicEvents(KAFKA.bootstrapServers(), topic)) {
      InetSocketAddress address = running.shipper.tcpAddress();
      Set<String> expected = sendConcurrently(senders, s -> sendTcp(address, s, perSender, null));

      List<LogEvent> events = topicEvents.awaitAtLeast(expected.size(), Duration.ofSeconds(60));
      assertThat(events).hasSize(senders * perSender);
      assertThat(events.stream().map(LogEvent::getMessage).collect(Collectors.toSet()))
          .isEqualTo(expected);
      assertThat(events.stream().map(LogEvent::getId).distinct().count()).isEqualTo(events.size());
      assertThat(running.shipper.metrics().eventsSent.sum()).isEqualTo(senders * perSender);
      assertThat(running.shipper.metrics().parseFailures.sum()).isZero();
    }
  }

  @Test
  void receivesOverTls() throws Exception {
    TestCertificates certificates = TestCertificates.create(dir);
    String topic = KAFKA.newTopic(1);
    ShipperConfig.Builder b = RunningSyslog.config(KAFKA.bootstrapServers(), topic);
    b.syslog()
        .tcp("127.0.0.1:0")
        .tlsCert(certificates.cert.toString())
        .tlsKey(certificates.key.toString());
    try (RunningSyslog running = new RunningSyslog(b.build());
        TopicEvents topicEvents = new TopicEvents(KAFKA.bootstrapServers(), topic)) {
      InetSocketAddress address = running.shipper.tcpAddress();
      Set<String> expected = sendConcurrently(4, s -> sendTcp(address, s, 100, certificates));
      List<LogEvent> events = topicEvents.awaitAtLeast(expected.size(), Duration.ofSeconds(30));
      assertThat(events).hasSize(400);
      assertThat(events.stream().map(LogEvent::getMessage).collect(Collectors.toSet()))
          .isEqualTo(expected);
      assertThat(events).allSatisfy(e -> assertThat(e.getSource()).isEqualTo("syslog-tls"));
    }
  }

  @Test
  void deliversUdpDatagramsAndMapsSyslogFieldsToTheEvent() throws Exception {
    String topic = KAFKA.newTopic(1);
    ShipperConfig.Builder b =
        RunningSyslog.config(KAFKA.bootstrapServers(), topic).service("network");
    b.syslog().udp("127.0.0.1:0");
    try (RunningSyslog running = new RunningSyslog(b.build());
        TopicEvents topicEvents = new TopicEvents(KAFKA.bootstrapServers(), topic);
        DatagramSocket socket = new DatagramSocket()) {
      InetSocketAddress address = running.shipper.udpAddress();
      List<String> datagrams =
          List.of(
              "<164>1 2026-11-26T10:14:15.003Z router-1 bgpd 4711 ID47"
                  + " [origin@32473 ip=\"10.0.0.1\"] neighbour down\n",
              "<34>Nov 26 10:14:16 fw-2 sshd[123]: 'su root' failed for lonvick",
              "no syslog header at all");
      for (String d : datagrams) {
        byte[] bytes = d.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, address));
      }
      Map<String, LogEvent> byMessage =
          topicEvents.awaitAtLeast(3, Duration.ofSeconds(30)).stream()
              .collect(Collectors.toMap(LogEvent::getMessage, e -> e));

      LogEvent rfc5424 = byMessage.get("neighbour down");
      assertThat(rfc5424.getService()).isEqualTo("network");
      assertThat(rfc5424.getHost()).isEqualTo("router-1");
      assertThat(rfc5424.getLevel()).isEqualTo(Level.WARN);
      assertThat(rfc5424.getSource()).isEqualTo("syslog-udp");
      assertThat(rfc5424.getEventTime().toString()).isEqualTo("2026-11-26T10:14:15.003Z");
      assertThat(rfc5424.getAttributes())
          .containsEntry("syslog.appname", "bgpd")
          .containsEntry("syslog.facility", "local4")
          .containsEntry("syslog.severity", "warning")
          .containsEntry("syslog.procid", "4711")
          .containsEntry("syslog.msgid", "ID47")
          .containsEntry("origin@32473.ip", "10.0.0.1")
          .containsKey("syslog.peer");

      LogEvent rfc3164 = byMessage.get("'su root' failed for lonvick");
      assertThat(rfc3164.getHost()).isEqualTo("fw-2");
      assertThat(rfc3164.getLevel()).isEqualTo(Level.FATAL); // auth.crit
      assertThat(rfc3164.getAttributes()).containsEntry("syslog.appname", "sshd");

      LogEvent unparsed = byMessage.get("no syslog header at all");
      assertThat(unparsed.getLevel()).isEqualTo(Level.UNKNOWN);
      assertThat(unparsed.getHost()).isEqualTo("127.0.0.1");
      assertThat(running.shipper.metrics().parseFailures.sum()).isEqualTo(1);
      assertThat(running.shipper.metrics().udpDropped.sum()).isZero();
    }
  }

  /** Runs {@code senders} senders at once; returns the union of the messages they sent. */
  private static Set<String> sendConcurrently(int senders, Function<Integer, Set<String>> sender)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      List<CompletableFuture<Set<String>>> futures = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        int id = s;
        futures.add(CompletableFuture.supplyAsync(() -> sender.apply(id), pool));
      }
      Set<String> all = new HashSet<>();
      for (CompletableFuture<Set<String>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Sends {@code count} messages on one connection: even senders octet-count RFC 5424 messages, odd
   * ones newline-frame RFC 3164 messages, and every tenth message switches framing.
   */
  static Set<String> sendTcp(
      InetSocketAddress address, int sender, int count, TestCertificates tls) {
    Set<String> sent = new HashSet<>();
    try (Socket socket = connect(address, tls);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
      for (int n = 0; n < count; n++) {
        String message = "burst sender=" + sender + " n=" + n;
        boolean octets = (sender % 2 == 0) != (n % 10 == 9);
        String line =
            sender % 2 == 0
                ? "<134>1 2026-11-26T11:00:00.000Z host-" + sender + " app - - - " + message
                : "<13>Nov 26 11:00:00 host-" + sender + " app[7]: " + message;
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (octets) {
          out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
          out.write(bytes);
        } else {
          out.write(bytes);
          out.write('\n');
        }
        sent.add(message);
      }
      out.flush();
    } catch (Exception e) {
      throw new IllegalStateException("sender " + sender + " failed", e);
    }
    return sent;
  }

  private static Socket connect(InetSocketAddress address, TestCertificates tls) throws Exception {
    if (tls == null) {
      return new Socket(address.getAddress(), address.getPort());
    }
    SSLSocket socket =
        (SSLSocket) tls.clientFactory().createSocket(address.getAddress(), address.getPort());
    socket.startHandshake();
    return socket;
  }
}
