package dev.sluice.ingest.http;

import dev.sluice.ingest.parse.JsonLinesParser;
import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.Parsers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a JSON-lines (NDJSON) body: one JSON object per line, {@code \n} or {@code \r\n}
 * terminated, blank lines skipped, each parsed by the shipper's {@code json} parser ({@link
 * dev.sluice.ingest.parse.JsonLinesParser}). The first line that is not a JSON object makes the
 * whole body {@link Decoded.Malformed}, naming its line number and the parser's reason. Invalid
 * UTF-8 is replaced (U+FFFD), never fatal. The body is read in one pass from its bytes ({@link
 * JsonLinesParser#parseLinesUtf8}); a body that pass declines is read line by line, each line from
 * its bytes ({@link JsonLinesParser#parseUtf8}) or, where that declines too (not plain JSON,
 * unusual UTF-8), decoded to a string and parsed as text, which gives the reason. The three give
 * the same events ({@code NdjsonDecoderTest}). Thread-safe.
 */
public final class NdjsonDecoder {
  private final JsonLinesParser parser = (JsonLinesParser) Parsers.byName("json");

  /** Decodes {@code body}. */
  public Decoded decode(byte[] body) {
    List<JsonLinesParser.Line> lines = parser.parseLinesUtf8(body);
    if (lines != null) {
      List<Decoded.Event> events = new ArrayList<>(lines.size());
      for (JsonLinesParser.Line l : lines) {
        events.add(new Decoded.Event(l.fields(), l.fields().message, l.number()));
      }
      return new Decoded.Events(events);
    }
    return decodeByLine(body);
  }

  private Decoded decodeByLine(byte[] body) {
    List<Decoded.Event> events = new ArrayList<>();
    int line = 0;
    int start = 0;
    ByteBuf lines = Unpooled.wrappedBuffer(body); // for Netty's word-at-a-time search
    while (start < body.length) {
      int end = lines.indexOf(start, body.length, (byte) '\n');
      if (end < 0) {
        end = body.length;
      }
      line++;
      int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
      int from = start;
      start = end + 1;
      ParseResult.Parsed fast = parser.parseUtf8(body, from, stop - from);
      if (fast != null) {
        events.add(new Decoded.Event(fast.fields(), fast.fields().message, line));
        continue;
      }
      String record = new String(body, from, stop - from, StandardCharsets.UTF_8);
      if (record.isBlank()) {
        continue;
      }
      ParseResult result = parser.parse(record);
      if (result instanceof ParseResult.Parsed parsed) {
        events.add(new Decoded.Event(parsed.fields(), record, line));
      } else {
        return new Decoded.Malformed(
            "line " + line + ": " + ((ParseResult.Failed) result).reason() + "; nothing was sent");
      }
    }
    return new Decoded.Events(events);
  }
}
