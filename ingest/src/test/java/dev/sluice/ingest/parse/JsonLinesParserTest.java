package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.ParserTesting.TIMESTAMPS;
import static dev.sluice.ingest.parse.ParserTesting.failure;
import static dev.sluice.ingest.parse.ParserTesting.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesParserTest {
  private final JsonLinesParser parser = new JsonLinesParser(TIMESTAMPS);

  @Test
  void readsLogstashLogbackEncoderLines() {
    ParsedFields f =
        parsed(
            parser,
            "{\"@timestamp\":\"2024-01-15T10:23:45.123+01:00\",\"@version\":\"1\",\"message\":\"Order 42 placed\","
                + "\"logger_name\":\"com.shop.OrderService\",\"thread_name\":\"http-nio-8080-exec-3\",\"level\":\"INFO\","
                + "\"level_value\":20000,\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"customer\":\"c-17\"}");
    assertThat(f.eventTime).isEqualTo("2024-01-15T09:23:45.123Z");
    assertThat(f.message).isEqualTo("Order 42 placed");
    assertThat(f.level).isEqualTo(Level.INFO);
    assertThat(f.logger).isEqualTo("com.shop.OrderService");
    assertThat(f.thread).isEqualTo("http-nio-8080-exec-3");
    assertThat(f.traceId).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(f.spanId).isEqualTo("00f067aa0ba902b7");
    assertThat(f.attributes)
        .containsEntry("customer", "c-17")
        .containsEntry("@version", "1")
        .containsEntry("level_value", "20000");
  }

  @Test
  void readsNestedEcsKeysAndPinoNumbers() {
    ParsedFields ecs =
        parsed(
            parser,
            "{\"@timestamp\":\"2024-01-15T10:23:45Z\",\"log\":{\"level\":\"warn\",\"logger\":\"app.db\"},"
                + "\"service\":{\"name\":\"payments\"},\"trace\":{\"id\":\"abc\"},\"message\":\"slow query\","
                + "\"tags\":[\"a\",\"b\"],\"deep\":{\"a\":{\"b\":{\"c\":1}}}}");
    assertThat(ecs.level).isEqualTo(Level.WARN);
    assertThat(ecs.logger).isEqualTo("app.db");
    assertThat(ecs.service).isEqualTo("payments");
    assertThat(ecs.traceId).isEqualTo("abc");
    assertThat(ecs.attributes).containsEntry("tags", "[\"a\",\"b\"]");
    assertThat(ecs.attributes).containsEntry("deep.a.b", "{\"c\":1}");

    ParsedFields pino =
        parsed(
            parser,
            "{\"level\":50,\"time\":1700000000123,\"pid\":7,\"hostname\":\"web-1\",\"msg\":\"boom\"}");
    assertThat(pino.level).isEqualTo(Level.ERROR);
    assertThat(pino.eventTime).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(pino.host).isEqualTo("web-1");
    assertThat(pino.message).isEqualTo("boom");
  }

  @Test
  void readsHttpKeysAndTakesTheLevelFromTheStatus() {
    ParsedFields f =
        parsed(
            parser,
            "{\"time\":\"2024-01-15T10:23:45Z\",\"method\":\"POST\",\"path\":\"/pay?x=1\",\"status\":502,\"duration_ms\":812.5,\"bytes\":17}");
    assertThat(f.http.getMethod()).isEqualTo("POST");
    assertThat(f.http.getPath()).isEqualTo("/pay");
    assertThat(f.http.getQuery()).isEqualTo("x=1");
    assertThat(f.http.getStatus()).isEqualTo(502);
    assertThat(f.http.getDurationMs()).isEqualTo(812.5);
    assertThat(f.http.getBytes()).isEqualTo(17L);
    assertThat(f.level).isEqualTo(Level.ERROR);
  }

  @Test
  void readsDockerJsonFileLines() {
    ParsedFields f =
        parsed(
            parser,
            "{\"log\":\"GET /health 200\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-15T10:23:45.123456789Z\"}");
    assertThat(f.message).isEqualTo("GET /health 200");
    assertThat(f.eventTime).isEqualTo("2024-01-15T10:23:45.123456789Z");
    assertThat(f.attributes).containsEntry("stream", "stdout");
  }

  @Test
  void keepsUnreadableKnownValuesAsAttributes() {
    ParsedFields f =
        parsed(
            parser,
            "{\"time\":\"yesterday-ish\",\"level\":\"loud\",\"status\":\"ok\",\"msg\":\"x\"}");
    assertThat(f.eventTime).isNull();
    assertThat(f.level).isEqualTo(Level.UNKNOWN);
    assertThat(f.http).isNull();
    assertThat(f.attributes)
        .containsEntry("time", "yesterday-ish")
        .containsEntry("level", "loud")
        .containsEntry("status", "ok");
  }

  @Test
  void keepsTheWholeRecordAsMessageWhenThereIsNone() {
    String line = "{\"user\":\"bob\",\"action\":\"login\"}";
    assertThat(parsed(parser, line).message).isEqualTo(line);
  }

  @Test
  void failsWithAReasonOnAnythingButOneObject() {
    assertThat(failure(parser, "{\"msg\":\"unterminated}")).startsWith("invalid JSON");
    assertThat(failure(parser, "{\"a\":1} trailing")).contains("trailing");
    assertThat(failure(parser, "[1,2,3]")).contains("not a JSON object");
    assertThat(failure(parser, "plain text")).contains("not a JSON object");
    assertThat(failure(parser, "{\"a\":")).startsWith("invalid JSON");
    assertThat(failure(parser, "{" + "\"a\":[".repeat(5000))).startsWith("invalid JSON");
  }

  @Test
  void readsTheSameFieldsFromBytesAsFromTheText() {
    List<String> records =
        List.of(
            "{\"@timestamp\":\"2024-01-15T10:23:45Z\",\"log\":{\"level\":\"warn\",\"logger\":\"app.db\"},"
                + "\"message\":\"slow query\",\"tags\":[1,{\"a\":\"é\"}],\"a\":{\"b\":{\"c\":{\"d\":[true]}}}}",
            " \t{\"status\":503,\"path\":\"/api?x=1\",\"duration_ms\":12.5,\"note\":\"größe ✓ \\u00e9 😀\"}",
            "{\"log\":\"docker line\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-15T10:23:45.5Z\"}",
            "{\"no\":\"message here\",\"n\":null}",
            "{}");
    for (String record : records) {
      byte[] utf8 = record.getBytes(StandardCharsets.UTF_8);
      byte[] padded = new byte[utf8.length + 7]; // at an offset, with bytes on either side
      padded[0] = '{';
      System.arraycopy(utf8, 0, padded, 3, utf8.length);
      padded[padded.length - 1] = '}';
      ParsedFields fromBytes = parser.parseUtf8(padded, 3, utf8.length).fields();
      ParsedFields fromText = parsed(parser, record);
      assertThat(fromBytes).usingRecursiveComparison().isEqualTo(fromText);
    }
  }

  @Test
  void declinesBytesItCannotReadExactlyAsTheTextSoTheTextGivesTheReason() {
    List<byte[]> records =
        List.of(
            "not json".getBytes(StandardCharsets.UTF_8),
            "{\"a\":1} {\"b\":2}".getBytes(StandardCharsets.UTF_8),
            "{\"a\":".getBytes(StandardCharsets.UTF_8),
            "\f{\"a\":1}".getBytes(StandardCharsets.UTF_8),
            new byte[] {
              '{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'
            }, // overlong
            new byte[] {
              '{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
            },
            new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'});
    for (byte[] record : records) {
      assertThat(parser.parseUtf8(record, 0, record.length)).as(new String(record)).isNull();
    }
  }

  @Test
  void readsAWholeJsonLinesTextInOnePassAsItsLinesOneByOne() {
    String text =
        "\n{\"ts\":\"2026-11-26T10:00:00Z\",\"level\":\"error\",\"message\":\"disk full\",\"n\":[1,{\"é\":2}]}\r\n"
            + "   \n"
            + " {\"no\":\"message\",\"deep\":{\"a\":{\"b\":{\"c\":1}}}}  \r\n"
            + "{\"msg\":\"größe ✓\",\"status\":\"404\"}";
    List<JsonLinesParser.Line> lines = parser.parseLinesUtf8(text.getBytes(StandardCharsets.UTF_8));

    String[] byLine = text.split("\n", -1);
    assertThat(lines).extracting(JsonLinesParser.Line::number).containsExactly(2, 4, 5);
    for (JsonLinesParser.Line line : lines) {
      String own = byLine[line.number() - 1];
      own = own.endsWith("\r") ? own.substring(0, own.length() - 1) : own;
      assertThat(line.fields()).usingRecursiveComparison().isEqualTo(parsed(parser, own));
    }
    assertThat(lines.get(1).fields().message)
        .as("no message key: the whole line, as the line-by-line path keeps it")
        .isEqualTo(" {\"no\":\"message\",\"deep\":{\"a\":{\"b\":{\"c\":1}}}}  ");
  }

  @Test
  void declinesATextWhoseLinesAreNotEachOneObjectSoTheLinesGiveTheReason() {
    List<String> texts =
        List.of(
            "{\"a\":1} {\"b\":2}\n", // two objects on one line
            "{\"a\":1}\r{\"b\":2}\n", // a lone CR does not end a line
            "{\"a\":\n1}\n", // one object over two lines: both are malformed
            "{\"a\":1}\n[1]\n", // not an object
            "{\"a\":1}\nnot json\n",
            "\uFEFF{\"a\":1}\n"); // a byte-order mark the line path does not skip
    for (String text : texts) {
      assertThat(parser.parseLinesUtf8(text.getBytes(StandardCharsets.UTF_8))).as(text).isNull();
    }
    assertThat(parser.parseLinesUtf8(" \n\r\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }

  @Test
  void readsTheBytesAsReadExactlyAsTheText() {
    String[] records = {
      "{\"ts\":\"2026-11-26T08:00:00.001Z\",\"level\":\"info\",\"msg\":\"user signed in\","
          + "\"order_id\":291388,\"latency_ms\":432.0,\"trace_id\":\"8c5c906b1aeb85f8\"}",
      "{\"log\":{\"level\":\"warn\",\"origin\":{\"file\":{\"name\":\"a.go\",\"line\":[1,2]}}},"
          + "\"tags\":[\"x\",{\"y\":\"ü\"}],\"message\":\"naïve café — 日本 \\u00e9 \\ud83d\\ude00 😀\"}",
      "  {\"user\":\"bob\",\"action\":\"login\",\"nothing\":null,\"ok\":true}",
      "{\"msg\":\"unterminated}",
      "{\"a\":1} trailing",
      "{\"a\":1}{\"b\":2}",
      "[1,2,3]",
      "plain text",
      "{\"a\":",
      "{\"a\":\"bad \\x escape\"}",
    };
    for (String record : records) {
      assertSameResult(record, record.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    // malformed UTF-8 (an overlong NUL, a lone continuation byte, an encoded surrogate): the text
    // holds replacements, and both ways give what the text gives
    byte[][] malformed = {
      {'{', '"', 'm', 's', 'g', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'},
      {'{', '"', 'm', 's', 'g', '"', ':', '"', (byte) 0x80, '"', '}'},
      {'{', '"', 'm', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
    };
    for (byte[] bytes : malformed) {
      assertSameResult(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), bytes);
    }
  }

  /** Parses {@code utf8} placed inside a larger buffer, and its text, and compares the results. */
  private void assertSameResult(String text, byte[] utf8) {
    byte[] buffer = new byte[utf8.length + 7];
    java.util.Arrays.fill(buffer, (byte) '}');
    System.arraycopy(utf8, 0, buffer, 3, utf8.length);
    ParseResult fromBytes = parser.parse(text, buffer, 3, utf8.length);
    ParseResult fromText = parser.parse(text);
    assertThat(fromBytes.getClass()).as(text).isEqualTo(fromText.getClass());
    if (fromText instanceof ParseResult.Parsed parsedText) {
      assertThat(((ParseResult.Parsed) fromBytes).fields())
          .as(text)
          .usingRecursiveComparison()
          .isEqualTo(parsedText.fields());
    } else {
      assertThat(fromBytes).as(text).isEqualTo(fromText);
    }
  }
}
