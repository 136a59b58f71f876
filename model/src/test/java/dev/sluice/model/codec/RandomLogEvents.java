package dev.sluice.model.codec;

import dev.sluice.model.HttpRequest;
import dev.sluice.model.Level;
import dev.sluice.model.LogEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random {@link LogEvent}s for the tests of every module that encodes them (model's test jar): each
 * optional field set or not, the {@code http} record present or not, 0 to 79 attributes, and texts
 * that are empty, ASCII, Latin-1, other BMP characters, surrogate pairs, lone surrogates, or long
 * runs of them. The same seed gives the same events.
 */
public final class RandomLogEvents {
  private RandomLogEvents() {}

  /** The next random event drawn from {@code r}. */
  public static LogEvent next(SplittableRandom r) {
    LogEvent e = new LogEvent();
    e.setId(text(r) + ":" + r.nextLong(Long.MAX_VALUE));
    e.setEventTime(Instant.ofEpochMilli(r.nextLong(-4_000_000_000_000L, 4_000_000_000_000L)));
    e.setIngestTime(Instant.ofEpochMilli(r.nextLong(0, 4_000_000_000_000L)));
    e.setService(text(r));
    e.setHost(maybe(r));
    e.setEnvironment(maybe(r));
    e.setSource(maybe(r));
    e.setLevel(Level.values()[r.nextInt(Level.values().length)]);
    e.setMessage(text(r));
    e.setLogger(maybe(r));
    e.setThread(maybe(r));
    e.setTraceId(maybe(r));
    e.setSpanId(maybe(r));
    if (r.nextBoolean()) {
      HttpRequest http = new HttpRequest();
      http.setMethod(maybe(r));
      http.setPath(maybe(r));
      http.setQuery(maybe(r));
      http.setProtocol(maybe(r));
      http.setStatus(r.nextBoolean() ? null : r.nextInt(Integer.MIN_VALUE, Integer.MAX_VALUE));
      http.setBytes(r.nextBoolean() ? null : r.nextLong());
      http.setDurationMs(
          r.nextBoolean() ? null : r.nextInt(4) == 0 ? Double.NaN : r.nextDouble() * 1e6);
      http.setClientAddress(maybe(r));
      http.setUserAgent(maybe(r));
      http.setReferrer(maybe(r));
      e.setHttp(http);
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    int n = r.nextInt(4) == 0 ? 0 : r.nextInt(1, 80);
    for (int i = 0; i < n; i++) {
      attributes.put(text(r) + i, text(r));
    }
    e.setAttributes(attributes);
    e.setTruncated(r.nextBoolean());
    e.setTemplateId(maybe(r));
    e.setTemplateText(maybe(r));
    return e;
  }

  private static String maybe(SplittableRandom r) {
    return r.nextInt(3) == 0 ? null : text(r);
  }

  private static String text(SplittableRandom r) {
    int length = r.nextInt(6) == 0 ? 0 : r.nextInt(8) == 0 ? r.nextInt(200, 3000) : r.nextInt(40);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      switch (r.nextInt(10)) {
        case 0 -> s.append((char) r.nextInt(0x80, 0x100));
        case 1 -> s.append((char) r.nextInt(0x100, 0xD800));
        case 2 -> s.appendCodePoint(r.nextInt(0x10000, 0x110000));
        case 3 -> s.append((char) r.nextInt(0xD800, 0xE000));
        default -> s.append((char) r.nextInt(0, 0x80));
      }
    }
    return s.toString();
  }
}
