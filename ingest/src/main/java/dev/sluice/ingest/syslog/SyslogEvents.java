package dev.sluice.ingest.syslog;

import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.ship.Enricher;
import dev.sluice.ingest.ship.EventPipeline;
import dev.sluice.model.LogEvent;
import java.time.Instant;
import java.util.Map;

/**
 * Turns one syslog message into an encoded {@link LogEvent} (or a reject), with these semantics:
 *
 * <ul>
 *   <li>service: the configured service if there is one (the message's APP-NAME / tag is then kept
 *       as the attribute {@code syslog.appname}), else the APP-NAME, else {@code syslog};
 *   <li>host: the message's HOSTNAME, else the sender's IP address;
 *   <li>level from the severity; facility, severity, PROCID, MSGID and structured data as
 *       attributes (see {@code SyslogParser}); the sender's address as the attribute {@code
 *       syslog.peer}; event time from the message, else the time it was received;
 *   <li>source: {@code syslog-tcp}, {@code syslog-tls} or {@code syslog-udp};
 *   <li>a message that is not syslog is shipped unparsed (level UNKNOWN), or goes to the rejects
 *       topic when the listener must parse.
 * </ul>
 *
 * Not thread-safe (it owns an encoder): one per connection, or per UDP channel.
 */
final class SyslogEvents {
  private final EventPipeline pipeline;
  private final String configuredService;
  private String lastPeer;
  private EventPipeline.FieldsHook lastHook;

  SyslogEvents(
      LogParser parser,
      String configuredService,
      String host,
      String environment,
      Map<String, String> labels,
      boolean mustParse,
      KafkaSettings kafka,
      ShipMetrics metrics) {
    this.configuredService = configuredService;
    Enricher enricher =
        new Enricher(
            configuredService != null ? configuredService : "syslog", host, environment, labels);
    this.pipeline = new EventPipeline(parser, mustParse, enricher, kafka, metrics);
  }

  /** The record to send for {@code frame}, received from {@code peer} over {@code transport}. */
  OutgoingRecord toRecord(SyslogFrame frame, String id, String transport, String peer) {
    return pipeline.record(
        frame.text(), null, id, transport, Instant.now(), frame.truncated(), hookFor(peer));
  }

  /** The fields hook for messages from {@code peer}: one per peer in a row, not per message. */
  private EventPipeline.FieldsHook hookFor(String peer) {
    if (!peer.equals(lastPeer)) {
      lastPeer = peer;
      lastHook =
          fields -> {
            if (configuredService != null) {
              if (fields.service != null && !fields.service.isEmpty()) {
                fields.attributes.put("syslog.appname", fields.service);
              }
              fields.service = configuredService;
            }
            if (fields.host == null || fields.host.isEmpty()) {
              fields.host = hostOf(peer);
            }
            fields.attributes.put("syslog.peer", peer);
          };
    }
    return lastHook;
  }

  private static String hostOf(String peer) {
    int colon = peer.lastIndexOf(':');
    return colon > 0 ? peer.substring(0, colon) : peer;
  }
}
