package dev.sluice.ingest.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one JSON object per record (JSON lines, as written by logstash-logback-encoder, ECS
 * loggers, pino, bunyan, structlog, Docker's json-file driver …) with Jackson's streaming reader.
 *
 * <p>Well-known keys become event fields (see {@link KnownFields}); nested objects are read as
 * dotted keys ({@code {"log":{"level":"info"}}} is {@code log.level}) to a depth of {@value
 * #MAX_FLATTEN_DEPTH}, deeper objects and arrays are kept as their JSON text; every other value is
 * an attribute. A record with no message key keeps the whole record as its message. Anything that
 * is not exactly one JSON object is {@link ParseResult.Failed} with Jackson's reason. {@link
 * #parseUtf8} reads a record straight from its UTF-8 bytes, and {@link #parseLinesUtf8} a whole
 * JSON-lines text with one reader, with the same results. Thread-safe.
 */
public final class JsonLinesParser implements LogParser {
  static final int MAX_FLATTEN_DEPTH = 3;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNestingDepth(1000)
                  .build())
          .build();

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final TimestampParser timestamps;

  public JsonLinesParser(TimestampParser timestamps) {
    this.timestamps = timestamps;
  }

  @Override
  public String name() {
    return "json";
  }

  /**
   * The file shipper's way in: {@link #parseUtf8} over the bytes as read, and where it cannot
   * promise the text's result, {@link #parse(String)} of the decoded text.
   */
  @Override
  public ParseResult parse(String record, byte[] utf8, int offset, int length) {
    ParseResult.Parsed parsed = utf8 == null ? null : parseUtf8(utf8, offset, length);
    return parsed != null ? parsed : parse(record);
  }

  @Override
  public ParseResult parse(String record) {
    if (record == null) {
      return new ParseResult.Failed("null record");
    }
    int start = 0;
    while (start < record.length() && Character.isWhitespace(record.charAt(start))) {
      start++;
    }
    if (start == record.length() || record.charAt(start) != '{') {
      return new ParseResult.Failed("not a JSON object: does not start with '{'");
    }
    ParsedFields fields = new ParsedFields();
    try (JsonParser p = FACTORY.createParser(record)) {
      p.nextToken();
      readObject(p, new Source(record, null, 0), "", 1, fields);
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        return new ParseResult.Failed(
            "trailing content after the JSON object at column "
                + p.currentLocation().getColumnNr());
      }
    } catch (JsonProcessingException e) {
      return new ParseResult.Failed(
          "invalid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() != null ? " at column " + e.getLocation().getColumnNr() : ""));
    } catch (IOException | RuntimeException e) {
      return new ParseResult.Failed("invalid JSON: " + e);
    }
    return new ParseResult.Parsed(KnownFields.finish(fields, record));
  }

  /**
   * Parses the record held in {@code bytes[offset, offset + length)} (UTF-8) without decoding it to
   * a string first: the fields of {@link #parse} for the same text, the whole record decoded only
   * when it is its own message. Returns null where it cannot promise that — the record does not
   * start with {@code '{'} after spaces and tabs, or is not valid JSON or UTF-8 — so that the
   * caller decodes the text and calls {@link #parse}, which gives the reason.
   */
  public ParseResult.Parsed parseUtf8(byte[] bytes, int offset, int length) {
    int start = offset;
    int end = offset + length;
    while (start < end && (bytes[start] == ' ' || bytes[start] == '\t')) {
      start++;
    }
    if (start == end
        || bytes[start] != '{'
        || (end - start > 1 && bytes[start + 1] == 0) // Jackson would guess UTF-16
        || !decodesAlike(bytes, start, end)) {
      return null;
    }
    ParsedFields fields = new ParsedFields();
    try (JsonParser p = FACTORY.createParser(bytes, start, end - start)) {
      p.nextToken();
      readObject(p, new Source(null, bytes, start), "", 1, fields);
      if (p.nextToken() != null) {
        return null;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    if (fields.message == null) {
      fields.message = new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
    return new ParseResult.Parsed(KnownFields.finish(fields, fields.message));
  }

  /**
   * False where Jackson's UTF-8 reader and the JDK's decoder may read the bytes differently: the
   * JDK replaces overlong forms, encoded surrogates and code points past U+10FFFF with U+FFFD,
   * Jackson is not that strict. (Truncated or stray sequences make Jackson fail, which also falls
   * back.)
   */
  private static boolean decodesAlike(byte[] bytes, int from, int to) {
    int i = from;
    while (i + 8 <= to && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
      i += 8; // eight ASCII bytes at a time (hand-written: no library scans a byte[] so)
    }
    for (; i < to; i++) {
      int b = bytes[i] & 0xFF;
      if (b < 0xC2) {
        if (b >= 0xC0) {
          return false; // overlong two-byte form
        }
        continue; // ASCII or a continuation byte
      }
      int next = i + 1 < to ? bytes[i + 1] & 0xFF : 0;
      if ((b == 0xE0 && next < 0xA0)
          || (b == 0xED && next >= 0xA0)
          || (b == 0xF0 && next < 0x90)
          || (b == 0xF4 && next >= 0x90)
          || b > 0xF4) {
        return false;
      }
    }
    return true;
  }

  /** One line of a JSON-lines text: its fields and its line number (from 1). */
  public record Line(ParsedFields fields, int number) {}

  /**
   * Parses every non-blank line of a JSON-lines text ({@code \n} or {@code \r\n} terminated) with
   * one reader over its UTF-8 bytes: for each line the fields {@link #parse} gives for that line's
   * text (less a final {@code \r}). Returns null where it cannot promise that — a line that is not
   * exactly one JSON object on its own, a byte-order mark, UTF-8 the JDK would read differently —
   * so that the caller reads the text line by line, which gives the reason.
   */
  public List<Line> parseLinesUtf8(byte[] bytes) {
    int n = bytes.length;
    for (int i = 0; i < Math.min(4, n); i++) {
      if (bytes[i] == 0) {
        return null; // Jackson would guess UTF-16 or UTF-32
      }
    }
    if (n > 0 && (bytes[0] & 0xFF) >= 0xEF || !decodesAlike(bytes, 0, n)) {
      return null; // a byte-order mark, which Jackson skips and the text path does not
    }
    List<Line> lines = new ArrayList<>();
    Source source = new Source(null, bytes, 0);
    int line = 1;
    int after = 0; // the end of the previous object
    try (JsonParser p = FACTORY.createParser(bytes, 0, n)) {
      JsonToken token;
      while ((token = p.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) {
          return null;
        }
        long start = p.currentTokenLocation().getByteOffset();
        int startLine = p.currentTokenLocation().getLineNr();
        int breaks = newlines(bytes, after, (int) start);
        if (breaks == 0 && !lines.isEmpty()) {
          return null; // two objects on one line
        }
        line += breaks;
        ParsedFields fields = new ParsedFields();
        readObject(p, source, "", 1, fields);
        if (p.currentLocation().getLineNr() != startLine) {
          return null; // an object over several lines: each of them is malformed on its own
        }
        after = (int) p.currentLocation().getByteOffset();
        if (fields.message == null) {
          fields.message = lineText(bytes, (int) start, after);
        }
        lines.add(new Line(KnownFields.finish(fields, fields.message), line));
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return lines;
  }

  private static int newlines(byte[] bytes, int from, int to) {
    int count = 0;
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        count++;
      }
    }
    return count;
  }

  /** The whole line holding the object at {@code [start, end)}, less a final CR: its own text. */
  private static String lineText(byte[] bytes, int start, int end) {
    int from = start;
    while (from > 0 && bytes[from - 1] != '\n') {
      from--;
    }
    int to = end;
    while (to < bytes.length && bytes[to] != '\n') {
      to++;
    }
    if (to > from && bytes[to - 1] == '\r') {
      to--;
    }
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  /** The record being read: its text, or its UTF-8 bytes from {@code offset}. */
  private record Source(String text, byte[] bytes, int offset) {}

  private void readObject(JsonParser p, Source record, String prefix, int depth, ParsedFields f)
      throws IOException {
    JsonToken token;
    while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
      String key = prefix.isEmpty() ? p.currentName() : prefix + p.currentName();
      JsonToken value = p.nextToken();
      switch (value) {
        case START_OBJECT:
          if (depth < MAX_FLATTEN_DEPTH) {
            readObject(p, record, key + ".", depth + 1, f);
          } else {
            f.attributes.put(key, rawText(p, record));
          }
          break;
        case START_ARRAY:
          f.attributes.put(key, rawText(p, record));
          break;
        case VALUE_NULL:
          break;
        default:
          KnownFields.assign(f, key, p.getText(), timestamps);
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new JsonParseException(p, "unexpected token " + token);
    }
  }

  /** The JSON text of the object or array starting at the current token. */
  private static String rawText(JsonParser p, Source record) throws IOException {
    if (record.bytes() != null) {
      long from = p.currentTokenLocation().getByteOffset();
      p.skipChildren();
      long to = p.currentLocation().getByteOffset();
      if (from < 0 || record.offset() + to > record.bytes().length || from >= to) {
        return "";
      }
      return new String(
          record.bytes(), record.offset() + (int) from, (int) (to - from), StandardCharsets.UTF_8);
    }
    String text = record.text();
    long from = p.currentTokenLocation().getCharOffset();
    p.skipChildren();
    long to = p.currentLocation().getCharOffset();
    if (from < 0 || to > text.length() || from >= to) {
      return "";
    }
    return text.substring((int) from, (int) to);
  }
}
