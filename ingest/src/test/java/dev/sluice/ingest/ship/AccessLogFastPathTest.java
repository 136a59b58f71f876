package dev.sluice.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.kafka.KafkaDelivery.OutgoingRecord;
import dev.sluice.ingest.kafka.KafkaSettings;
import dev.sluice.ingest.metrics.ShipMetrics;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The access-log fast path writes exactly the general path's bytes (parse, enrich, encode) for
 * every line it takes, and takes the plain combined and common lines.
 */
class AccessLogFastPathTest {
  private static final KafkaSettings KAFKA =
      new KafkaSettings("127.0.0.1:1", "logs", "logs.rejects", "zstd", 5, 1024, Map.of());
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00.123Z");
  private static final String FINGERPRINT = "0123456789abcdef";

  private static final String[] PLAIN = {
    "10.1.2.3 - - [26/Nov/2026:08:00:00 +0000] \"GET /api/v1/items/42 HTTP/1.1\" 200 1234"
        + " \"https://shop.example.com/\" \"Mozilla/5.0 (X11; Linux x86_64; rv:128.0)\"",
    "10.1.2.3 - alice [26/Nov/2026:08:00:00 +0000] \"POST /login?next=/a&b= HTTP/2.0\" 503 -"
        + " \"-\" \"curl/8.5.0\"",
    "2001:db8::1 - frank smith [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200"
        + " 2326",
    "127.0.0.1  - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 404 0 \"-\"",
    "127.0.0.1 - - [10/Oct/2000:13:55:36] \"GET /no-offset\" 301 7 \"http://r/\"\t\"ua\"",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"DELETE /x? HTTP/1.1\" 204",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET /a b HTTP/\" 200 5 \"\" \"-\"",
  };

  /** Lines the general path reads differently (escapes, extras, request attribute) or refuses. */
  private static final String[] OTHERS = {
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"agent \\\"q\\\"\"",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"\\x16\\x03\" 400 157 \"-\" \"-\"",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"-\" 400 0 \"-\" \"-\"",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"c\" rt=0.050",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"c\" 0.042",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"c\" \"x\"",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET /ünï HTTP/1.1\" 200 5",
    "1.2.3.4 - - [35/Foo/2024:10:23:45 +0000] \"GET / HTTP/1.1\" 200 1",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET / HTTP/1.1\" 200 12a",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET / HTTP/1.1 200 1",
    "not an access log line",
    "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET / HTTP/1.1\" 200 1\r",
  };

  private final ShipMetrics metrics = new ShipMetrics();

  private EventPipeline pipeline(String parser, Enricher enricher) {
    return new EventPipeline(Parsers.byName(parser), false, enricher, KAFKA, metrics);
  }

  @Test
  void takesPlainLinesAndWritesTheGeneralPathsBytes() {
    for (String parser : new String[] {"combined", "common"}) {
      for (Enricher enricher :
          new Enricher[] {
            new Enricher("web", "host-1", "prod", Map.of()),
            new Enricher("web", null, null, Map.of())
          }) {
        EventPipeline fast = pipeline(parser, enricher);
        EventPipeline general = pipeline(parser, enricher);
        for (String line : PLAIN) {
          byte[] taken = compare(fast, general, line.getBytes(StandardCharsets.UTF_8), 1_234_567);
          assertThat(taken).as("%s takes %s", parser, line).isNotNull();
        }
      }
    }
    LogEvent event =
        Codecs.logEvents()
            .decode(
                pipeline("combined", new Enricher("web", "h", null, Map.of()))
                    .line(bytes(PLAIN[1]), 0, PLAIN[1].length(), FINGERPRINT, 99, "/a", NOW, true)
                    .value());
    assertThat(event.getId()).isEqualTo(FINGERPRINT + ":99");
    assertThat(event.getHttp().getQuery()).isEqualTo("next=/a&b=");
    assertThat(event.getHttp().getBytes()).isZero();
    assertThat(event.getAttributes()).containsExactly(Map.entry("user", "alice"));
    assertThat(event.getTruncated()).isTrue();
  }

  @Test
  void leavesOtherLinesToTheGeneralPath() {
    EventPipeline fast = pipeline("combined", new Enricher("web", "h", "e", Map.of()));
    EventPipeline general = pipeline("combined", new Enricher("web", "h", "e", Map.of()));
    for (String line : OTHERS) {
      assertThat(compare(fast, general, line.getBytes(StandardCharsets.UTF_8), 7))
          .as(line)
          .isNull();
    }
  }

  @Test
  void doesNotApplyToOtherParsersToLabelsOrWithoutAService() {
    byte[] line = bytes(PLAIN[0]);
    assertThat(
            pipeline("auto", new Enricher("web", null, null, Map.of()))
                .line(line, 0, line.length, FINGERPRINT, 0, "/a", NOW, false))
        .isNull();
    assertThat(
            pipeline("combined", new Enricher("web", null, null, Map.of("team", "a")))
                .line(line, 0, line.length, FINGERPRINT, 0, "/a", NOW, false))
        .isNull();
    assertThat(
            pipeline("combined", new Enricher(null, null, null, Map.of()))
                .line(line, 0, line.length, FINGERPRINT, 0, "/a", NOW, false))
        .isNull();
    assertThat(metrics.eventsReceived.sum()).isZero();
  }

  @Test
  void writesTheGeneralPathsBytesForMutatedLines() {
    SplittableRandom random = new SplittableRandom(16);
    EventPipeline fast = pipeline("combined", new Enricher("web", "h", null, Map.of()));
    EventPipeline general = pipeline("combined", new Enricher("web", "h", null, Map.of()));
    byte[][] pieces = {
      {' '},
      {'"'},
      {'\\'},
      {'['},
      {']'},
      {'-'},
      {'?'},
      {'\t'},
      {'='},
      {'0'},
      {'9'},
      {'G'},
      {'/'},
      {'+'},
      {':'},
      {(byte) 0xC3, (byte) 0xA9},
      {(byte) 0xFF},
      {'\r'},
      "HTTP/".getBytes()
    };
    int taken = 0;
    long position = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] line = bytes(PLAIN[random.nextInt(PLAIN.length)]);
      int edits = random.nextInt(1, 4);
      for (int e = 0; e < edits; e++) {
        line = mutate(line, random, pieces);
      }
      position += random.nextInt(1, 1 << 20) * (random.nextInt(8) == 0 ? 1_000_000L : 1L);
      if (compare(fast, general, line, position) != null) {
        taken++;
      }
    }
    // most single edits keep the plain shape, many do not: both ways are exercised
    assertThat(taken).isBetween(2_000, 18_000);
  }

  /**
   * The fast path's record for {@code line} (inside a larger buffer, at a non-zero offset), or
   * null; when it takes the line, asserts its bytes are the general path's.
   */
  @Test
  void linesOfSourcesTakenInTurnGetTheirOwnIdsAndSources() {
    Enricher enricher = new Enricher("web", "host-1", "prod", Map.of());
    EventPipeline fast = pipeline("combined", enricher);
    EventPipeline general = pipeline("combined", enricher);
    String[][] sources = { // fingerprints of different lengths, one equal to another by value only
      {FINGERPRINT, "/var/log/a.log"},
      {"fedcba9876543210fedcba98", "/var/log/nginx/access.log.1"},
      {new String(FINGERPRINT.toCharArray()), "/var/log/b.log"},
    };
    long[] positions = {0, 9, 10, 1_234_567, 123_456_789_012L, 99};
    byte[] line = PLAIN[0].getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 24; i++) {
      String[] source = sources[i % sources.length];
      long position = positions[i % positions.length];
      byte[] taken = compare(fast, general, line, source[0], position, source[1]);
      assertThat(taken).as("line %d", i).isNotNull();
      LogEvent event = Codecs.logEvents().decode(taken);
      assertThat(event.getId()).isEqualTo(source[0] + ":" + position);
      assertThat(event.getSource()).isEqualTo(source[1]);
    }
  }

  private byte[] compare(EventPipeline fast, EventPipeline general, byte[] line, long position) {
    return compare(fast, general, line, FINGERPRINT, position, "/var/log/a.log");
  }

  private byte[] compare(
      EventPipeline fast,
      EventPipeline general,
      byte[] line,
      String fingerprint,
      long position,
      String source) {
    byte[] buffer = new byte[line.length + 9];
    System.arraycopy(line, 0, buffer, 5, line.length);
    buffer[4] = '\n';
    buffer[5 + line.length] = '\n';
    OutgoingRecord f = fast.line(buffer, 5, line.length, fingerprint, position, source, NOW, false);
    if (f == null) {
      return null;
    }
    String text = new String(buffer, 5, line.length, StandardCharsets.UTF_8);
    OutgoingRecord g =
        general.record(
            text,
            buffer,
            5,
            line.length,
            null,
            Enricher.eventId(fingerprint, position),
            source,
            NOW,
            false);
    assertThat(f.value()).as("%s", text).isEqualTo(g.value());
    assertThat(f.key()).isEqualTo(g.key());
    assertThat(f.topic()).isEqualTo(g.topic());
    return f.value();
  }

  private static byte[] mutate(byte[] line, SplittableRandom random, byte[][] pieces) {
    int at = random.nextInt(line.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(line, 0, at);
    int kind = random.nextInt(3);
    if (kind != 1) { // insert or replace
      byte[] piece = pieces[random.nextInt(pieces.length)];
      out.write(piece, 0, piece.length);
    }
    int skip = kind == 0 ? 0 : Math.min(1, line.length - at); // replace or delete one byte
    out.write(line, at + skip, line.length - at - skip);
    byte[] result = out.toByteArray();
    return result.length == 0 ? new byte[] {'x'} : result;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
