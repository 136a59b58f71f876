package dev.sluice.ingest.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Parses one JSON object per record (JSON lines, as written by logstash-logback-encoder, ECS
 * loggers, pino, bunyan, structlog, Docker's json-file driver …) with Jackson's streaming reader.
 *
 * <p>Well-known keys become event fields (see {@link KnownFields}); nested objects are read as
 * dotted keys ({@code {"log":{"level":"info"}}} is {@code log.level}) to a depth of {@value
 * #MAX_FLATTEN_DEPTH}, deeper objects and arrays are kept as their JSON text; every other value is
 * an attribute. A record with no message key keeps the whole record as its message. Anything that
 * is not exactly one JSON object is {@link ParseResult.Failed} with Jackson's reason. Thread-safe.
 *
 * <p>Given the record's bytes as read ({@link #parse(String, byte[], int, int)}, the file shipper's
 * path), Jackson reads the UTF-8 bytes directly (its byte reader, faster than decoding the text
 * again into characters): only when they are well-formed UTF-8, i.e. the decoded text holds no
 * U+FFFD replacement, else the text is parsed; a record the byte reader refuses is parsed again as
 * text, so the result, the reason of a failure included, is the text's.
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

  private final TimestampParser timestamps;

  public JsonLinesParser(TimestampParser timestamps) {
    this.timestamps = timestamps;
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public ParseResult parse(String record, byte[] utf8, int offset, int length) {
    if (record == null
        || utf8 == null
        || record.indexOf('\uFFFD') >= 0 // malformed bytes were replaced: parse what was decoded
        || !startsWithObject(record)) {
      return parse(record);
    }
    ParsedFields fields = new ParsedFields();
    try (JsonParser p = FACTORY.createParser(utf8, offset, length)) {
      p.nextToken();
      readObject(p, new Source(record, utf8, offset), "", 1, fields);
      if (p.nextToken() != null) {
        return parse(record); // trailing content: the text's reason, with its column
      }
    } catch (IOException | RuntimeException e) {
      return parse(record);
    }
    return new ParseResult.Parsed(KnownFields.finish(fields, record));
  }

  private static boolean startsWithObject(String record) {
    int start = 0;
    while (start < record.length() && Character.isWhitespace(record.charAt(start))) {
      start++;
    }
    return start < record.length() && record.charAt(start) == '{';
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
   * What the parser reads: the text, and its UTF-8 bytes from {@code offset} when it reads those.
   */
  private record Source(String text, byte[] utf8, int offset) {}

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
    if (record.utf8() != null) {
      long from = p.currentTokenLocation().getByteOffset();
      p.skipChildren();
      long to = p.currentLocation().getByteOffset();
      if (from < 0 || record.offset() + to > record.utf8().length || from >= to) {
        return "";
      }
      return new String(
          record.utf8(), record.offset() + (int) from, (int) (to - from), StandardCharsets.UTF_8);
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
