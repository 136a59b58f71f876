package dev.sluice.ingest.syslog;

import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.parse.LogParser;
import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.ingest.ship.Enricher;
import dev.sluice.ingest.ship.EventEncoder;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.nio.charset.StandardCharsets;
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
  private final LogParser parser;
  private final Enricher enricher;
  private final String configuredService;
  private final boolean mustParse;
  private final KafkaSettings kafka;
  private final ShipMetrics metrics;
  private final EventEncoder encoder = new EventEncoder();

  SyslogEvents(
      LogParser parser,
      String configuredService,
      String host,
      String environment,
      Map<String, String> labels,
      boolean mustParse,
      KafkaSettings kafka,
      ShipMetrics metrics) {
    this.parser = parser;
    this.configuredService = configuredService;
    this.enricher =
        new Enricher(
            configuredService != null ? configuredService : "syslog", host, environment, labels);
    this.mustParse = mustParse;
    this.kafka = kafka;
    this.metrics = metrics;
  }

  /** The record to send for {@code frame}, received from {@code peer} over {@code transport}. */
  OutgoingRecord toRecord(SyslogFrame frame, String id, String transport, String peer) {
    Instant now = Instant.now();
    ParseResult result = parse(frame.text());
    ParsedFields fields;
    if (result instanceof ParseResult.Parsed parsed) {
      fields = parsed.fields();
    } else {
      metrics.parseFailures.increment();
      if (mustParse) {
        String reason = parser.name() + ": " + ((ParseResult.Failed) result).reason();
        byte[] value =
            Codecs.rejects()
                .encode(
                    enricher.reject(
                        id, transport, reason, frame.text().getBytes(StandardCharsets.UTF_8), now));
        return new OutgoingRecord(kafka.rejectsTopic(), key(enricher.service()), value, true);
      }
      fields = ParsedFields.unparsed(frame.text());
    }
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
    LogEvent event = enricher.event(fields, frame.text(), id, transport, now, frame.truncated());
    return new OutgoingRecord(kafka.topic(), key(event.getService()), encoder.encode(event), false);
  }

  private ParseResult parse(String text) {
    try {
      return parser.parse(text);
    } catch (RuntimeException e) {
      return new ParseResult.Failed("parser error " + e);
    }
  }

  private static String hostOf(String peer) {
    int colon = peer.lastIndexOf(':');
    return colon > 0 ? peer.substring(0, colon) : peer;
  }

  private static byte[] key(String service) {
    return service.getBytes(StandardCharsets.UTF_8);
  }
}
