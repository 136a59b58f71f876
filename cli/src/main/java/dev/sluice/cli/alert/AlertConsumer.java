package dev.sluice.cli.alert;

import dev.sluice.model.Anomaly;
import dev.sluice.model.codec.Codecs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sluice alert} loop: reads the anomalies topic, finds each incident's transitions
 * ({@link IncidentTransitions}) and delivers each one to every target ({@link HttpDelivery}) before
 * it commits the record's offset for its consumer group.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li><b>At-least-once, nothing lost</b>: an offset is committed only after every target accepted
 *       (or definitively rejected, 4xx) the transitions of the records before it. Stopped or killed
 *       mid-delivery, the next run starts at the first record not committed.
 *   <li><b>Once per transition across restarts</b>: at start the topic is read from its beginning
 *       up to the committed offsets without notifying, which rebuilds which incidents were notified
 *       and with what severity; so a restart does not re-announce an open incident, and the only
 *       repeat is the one record that was delivered but not yet committed — sent again with the
 *       same idempotency key (Alertmanager: the same labels; webhook: {@code Idempotency-Key}).
 *   <li>Partitions are assigned, not subscribed: one process owns the group (no rebalance can take
 *       a partition away during a long retry). Run one {@code sluice alert} per group.
 *   <li>Undecodable records are counted and skipped, never fatal.
 * </ul>
 */
public final class AlertConsumer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertConsumer.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  private final AlertSettings settings;
  private final List<AlertTarget> targets;
  private final AlertMetrics metrics;
  private final HttpClient http;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final HttpDelivery delivery;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  public AlertConsumer(AlertSettings settings, AlertMetrics metrics, Clock clock) {
    this.settings = settings;
    this.metrics = metrics;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    AlertText text = new AlertText(settings.uiUrl());
    List<AlertTarget> t = new ArrayList<>();
    if (settings.alertmanager() != null) {
      t.add(
          new AlertmanagerTarget(
              settings.alertmanager(),
              text,
              settings.firingFor(),
              settings.requestTimeout(),
              clock));
    }
    if (settings.webhook() != null) {
      t.add(
          new WebhookTarget(
              settings.webhook(), settings.webhookToken(), text, settings.requestTimeout()));
    }
    if (settings.slackWebhook() != null) {
      t.add(new SlackTarget(settings.slackWebhook(), text, settings.requestTimeout()));
    }
    this.targets = List.copyOf(t);
    this.delivery = new HttpDelivery(http, settings.backoff(), this::pause, metrics);
  }

  /** The targets, in delivery order. */
  public List<AlertTarget> targets() {
    return targets;
  }

  /**
   * Checks, before anything is read, that every target's host resolves and that an Alertmanager
   * answers its status API.
   *
   * @throws IllegalArgumentException saying which target and flag is wrong
   */
  public void checkTargets() {
    for (AlertTarget target : targets) {
      URI uri = uriOf(target);
      try {
        InetAddress.getByName(uri.getHost());
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(
            target.describe() + ": unknown host " + uri.getHost() + ": check the URL");
      }
      if (target instanceof AlertmanagerTarget am) {
        String problem;
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(am.statusUri())
                      .timeout(settings.requestTimeout())
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() / 100 == 2) {
            continue;
          }
          problem = "GET /api/v2/status answered HTTP " + r.statusCode();
        } catch (IOException e) {
          problem = "cannot connect (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        throw new IllegalArgumentException(
            target.describe()
                + ": "
                + problem
                + ": check --alertmanager (the Alertmanager's base URL, e.g."
                + " http://alertmanager:9093)");
      }
    }
  }

  /** Reads and notifies until {@link #stop()}; returns then, having committed what it delivered. */
  public void run() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // A committed offset that retention has deleted past: go on from the oldest record kept.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-alert");
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      if (isStopped()) {
        return;
      }
      List<TopicPartition> partitions = partitions(c);
      c.assign(partitions);
      Map<TopicPartition, Long> start = startOffsets(c, partitions);
      IncidentTransitions transitions = new IncidentTransitions(10_000);
      rebuild(c, start, transitions);
      start.forEach(c::seek);
      LOG.info(
          "notifying {} from {} (offsets {}); {} incidents open",
          targets.stream().map(AlertTarget::describe).toList(),
          settings.topic(),
          start.values(),
          transitions.openIncidents());
      while (!isStopped()) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofSeconds(1));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (!handle(r, transitions)) {
            return; // stopped mid-delivery: this record stays uncommitted
          }
          c.commitSync(
              Map.of(
                  new TopicPartition(r.topic(), r.partition()),
                  new OffsetAndMetadata(r.offset() + 1)));
        }
      }
    } catch (WakeupException e) {
      if (!isStopped()) {
        throw e;
      }
    } finally {
      consumer = null;
    }
  }

  /** Notifies the record's transition, if any; false if stopped before every target had it. */
  private boolean handle(ConsumerRecord<byte[], byte[]> r, IncidentTransitions transitions) {
    Anomaly a = decode(r);
    if (a == null) {
      return true;
    }
    Transition t = transitions.next(a);
    metrics.openIncidents(transitions.openIncidents());
    if (t == null) {
      return true;
    }
    metrics.transition();
    for (AlertTarget target : targets) {
      if (delivery.deliver(target, t) == HttpDelivery.Outcome.STOPPED) {
        return false;
      }
    }
    LOG.info("notified {} ({})", t.idempotencyKey(), a.getDescription());
    return true;
  }

  /** Asks {@link #run()} to return; a delivery waiting for its retry stops waiting. */
  public void stop() {
    stopped.countDown();
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private boolean isStopped() {
    return stopped.getCount() == 0;
  }

  private boolean pause(Duration d) {
    try {
      return !stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c) {
    List<PartitionInfo> infos;
    try {
      infos = c.partitionsFor(settings.topic(), CONNECT_TIMEOUT);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalArgumentException(
          "no answer from Kafka at "
              + settings.bootstrapServers()
              + " within "
              + CONNECT_TIMEOUT.toSeconds()
              + " s: check --bootstrap-servers");
    }
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException(
          "topic '" + settings.topic() + "' does not exist: check --topic");
    }
    return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
  }

  /** The group's committed offsets; where it has none, the beginning or the end (--start-at). */
  private Map<TopicPartition, Long> startOffsets(
      KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed = c.committed(Set.copyOf(partitions));
    Map<TopicPartition, Long> fallback =
        settings.startAt() == AlertSettings.StartAt.EARLIEST
            ? c.beginningOffsets(partitions)
            : c.endOffsets(partitions);
    Map<TopicPartition, Long> start = new HashMap<>();
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata o = committed.get(tp);
      start.put(tp, o != null ? o.offset() : fallback.get(tp));
    }
    return start;
  }

  /** Replays every record before {@code start} into {@code transitions}, notifying nothing. */
  private void rebuild(
      KafkaConsumer<byte[], byte[]> c,
      Map<TopicPartition, Long> start,
      IncidentTransitions transitions) {
    c.seekToBeginning(start.keySet());
    Map<TopicPartition, Long> beginning = c.beginningOffsets(start.keySet());
    List<TopicPartition> pending = new ArrayList<>();
    start.forEach(
        (tp, s) -> {
          if (s > beginning.get(tp)) {
            pending.add(tp);
          }
        });
    long replayed = 0;
    while (!pending.isEmpty() && !isStopped()) {
      for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() < start.get(tp)) {
          Anomaly a = decode(r);
          if (a != null) {
            transitions.next(a);
            replayed++;
          }
        }
      }
      pending.removeIf(tp -> c.position(tp) >= start.get(tp));
    }
    metrics.openIncidents(transitions.openIncidents());
    LOG.info("replayed {} delivered records to know which incidents are open", replayed);
  }

  private Anomaly decode(ConsumerRecord<byte[], byte[]> r) {
    try {
      return Codecs.anomalies().decode(r.value());
    } catch (RuntimeException e) {
      metrics.undecodable();
      LOG.warn("skipped record {}-{}@{}: not an Anomaly", r.topic(), r.partition(), r.offset());
      return null;
    }
  }

  private URI uriOf(AlertTarget target) {
    return switch (target.name()) {
      case "alertmanager" -> settings.alertmanager();
      case "webhook" -> settings.webhook();
      default -> settings.slackWebhook();
    };
  }
}
