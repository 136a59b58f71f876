package dev.sluice.ingest.ship;

import dev.sluice.ingest.parse.AccessLogParser;
import dev.sluice.ingest.parse.Digits;
import dev.sluice.ingest.parse.Levels;
import dev.sluice.ingest.parse.TimestampParser;
import dev.sluice.model.codec.LogEventWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Encodes an access-log line of the plain combined or common shape straight from its bytes into the
 * single-object encoding of the {@code LogEvent} that {@link AccessLogParser}, {@link Enricher} and
 * {@link EventEncoder} make of it: no string per field, no {@code ParsedFields}, no {@code
 * LogEvent}, and the bracketed time parsed once and reused while consecutive lines share it. This
 * is the file shipper's hot path for {@code --parser combined|common} (hand-written: no library
 * transcodes text to Avro).
 *
 * <p>Guarantee: when {@link #encode} returns bytes, they are exactly the bytes of the general path
 * ({@code AccessLogFastPathTest} compares both on generated, edge-case and mutated lines). It
 * accepts only what it can read without the general parser's rarer rules and returns null for
 * everything else — non-ASCII bytes, a backslash in a quoted field, a request line that is not
 * {@code METHOD target PROTOCOL}-shaped, anything after the agent, a request time or {@code
 * key=value} fields, a line the general parser would refuse, configured labels, no configured
 * service — and the caller then takes the general path, which stays the definition of the format.
 * Not thread-safe: one per reader thread.
 */
final class AccessLogFastPath {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int MAX_TOKEN = 256;
  private static final int MAX_TIME = 64;

  private final TimestampParser timestamps;
  private final byte[] header = EventEncoder.singleObjectHeader();
  private final LogEventWriter writer = new LogEventWriter();
  private final byte[] service;
  private final byte[] host;
  private final byte[] environment;
  private final byte[] cachedTime = new byte[MAX_TIME];
  private int cachedTimeLength = -1;
  private long cachedMillis;
  private String lastFingerprint;
  private byte[] id; // "<fingerprint>:" and room for the position's digits
  private int idPrefix;
  private String lastSource;
  private byte[] sourceBytes;
  // the positions and values the last successful scan found, for encode to write
  private int clientEnd;
  private int userStart;
  private int bracket;
  private int requestStart;
  private int requestEnd;
  private int methodEnd;
  private int targetEnd;
  private int protocolStart;
  private int questionMark;
  private int status;
  private int refStart;
  private int refEnd;
  private int agentStart;
  private int agentEnd;
  private long millis;
  private long bytes;

  private AccessLogFastPath(TimestampParser timestamps, Enricher enricher) {
    this.timestamps = timestamps;
    this.service = utf8(enricher.service());
    this.host = utf8(enricher.host());
    this.environment = utf8(enricher.environment());
  }

  /**
   * The fast path for {@code parser} and {@code enricher}, or null where it does not apply (another
   * parser, configured labels, no configured service).
   */
  static AccessLogFastPath of(Object parser, Enricher enricher) {
    if (!(parser instanceof AccessLogParser access)
        || enricher.hasLabels()
        || enricher.service() == null
        || enricher.service().isEmpty()) {
      return null;
    }
    return new AccessLogFastPath(access.timestamps(), enricher);
  }

  /**
   * The encoded event of the line {@code b[offset, offset + length)}, or null to take the general
   * path.
   *
   * @param fingerprint the source's fingerprint; the event id is {@code <fingerprint>:<start>}
   * @param start the line's start position in the source
   * @param source the source (its path)
   * @param received when the line was read
   * @param truncated whether the line was cut at the size limit
   */
  byte[] encode(
      byte[] b,
      int offset,
      int length,
      String fingerprint,
      long start,
      String source,
      Instant received,
      boolean truncated) {
    if (!scan(b, offset, length)) {
      return null;
    }
    LogEventWriter w = writer;
    w.clear();
    w.writeRaw(header);
    writeId(w, fingerprint, start);
    w.writeLong(millis);
    w.writeLong(received.toEpochMilli());
    w.writeUtf8(service, 0, service.length);
    optional(w, host);
    optional(w, environment);
    if (source == null) {
      w.writeByte(0);
    } else {
      w.writeByte(2);
      byte[] s = source(source);
      w.writeUtf8(s, 0, s.length);
    }
    w.writeLong(Levels.fromHttpStatus(status).ordinal());
    w.writeUtf8(b, offset, length); // the message: the whole line
    w.writeByte(0); // logger
    w.writeByte(0); // thread
    w.writeByte(0); // traceId
    w.writeByte(0); // spanId
    w.writeByte(2); // http
    optional(w, b, requestStart, methodEnd); // method
    optional(w, b, methodEnd + 1, questionMark < 0 ? targetEnd : questionMark); // path
    optional(w, b, questionMark < 0 ? -1 : questionMark + 1, targetEnd); // query
    optional(w, b, protocolStart, requestEnd); // protocol
    w.writeByte(2);
    w.writeLong(status);
    if (bytes < 0) {
      w.writeByte(0);
    } else {
      w.writeByte(2);
      w.writeLong(bytes);
    }
    w.writeByte(0); // durationMs
    optional(w, b, offset, clientEnd); // clientAddress
    optionalUnlessDash(w, b, agentStart, agentEnd); // userAgent
    optionalUnlessDash(w, b, refStart, refEnd); // referrer
    if (bracket - 1 - userStart == 1 && b[userStart] == '-') {
      w.writeByte(0); // no attributes
    } else {
      w.writeLong(1);
      w.writeUtf8(USER, 0, USER.length);
      w.writeUtf8(b, userStart, bracket - 1 - userStart);
      w.writeByte(0);
    }
    w.writeByte(truncated ? 1 : 0);
    w.writeByte(0); // templateId
    w.writeByte(0); // templateText
    return w.toByteArray();
  }

  /**
   * Finds the fields of the line {@code b[offset, offset + length)} and keeps their positions in
   * this instance's fields for {@link #encode} to write; false where the line is not of the shape
   * this path reads. Apart from the writing so that each is a compilation unit of its own: as one
   * method, C2 compiled it in 0.4–0.5 s with a compiler arena peaking at 43 MB (JFR, NMT; 17–23 MB
   * with the scan apart), and compiled all of it again when one rare branch was first taken.
   */
  private boolean scan(byte[] b, int offset, int length) {
    int n = offset + length;
    if (length == 0 || !ascii(b, offset, n) || b[n - 1] == '\n' || b[n - 1] == '\r') {
      return false;
    }
    // client, ident, user, [time] as AccessLogParser reads them
    int clientEnd = indexOf(b, ' ', offset, Math.min(n, offset + MAX_TOKEN));
    if (clientEnd <= offset) {
      return false;
    }
    int identEnd = indexOf(b, ' ', clientEnd + 1, Math.min(n, clientEnd + 1 + MAX_TOKEN));
    if (identEnd < 0) {
      return false;
    }
    int userStart = identEnd + 1;
    int bracket = indexOf(b, '[', userStart, Math.min(n, userStart + MAX_TOKEN));
    if (bracket <= userStart || b[bracket - 1] != ' ') {
      return false;
    }
    int close = indexOf(b, ']', bracket, Math.min(n, bracket + MAX_TIME));
    if (close < 0) {
      return false;
    }
    long millis = millis(b, bracket + 1, close);
    if (millis == Long.MIN_VALUE) {
      return false;
    }
    // "METHOD target PROTOCOL" status bytes
    int i = close + 1;
    if (i + 1 >= n || b[i] != ' ' || b[i + 1] != '"') {
      return false;
    }
    int requestStart = i + 2;
    int requestEnd = closingQuote(b, requestStart, n);
    if (requestEnd < 0) {
      return false;
    }
    int methodEnd = indexOf(b, ' ', requestStart, requestEnd);
    if (methodEnd <= requestStart || !upperWord(b, requestStart, methodEnd)) {
      return false; // kept whole as the attribute "request" by the general path
    }
    int lastSpace = lastIndexOf(b, ' ', methodEnd, requestEnd);
    int targetEnd = requestEnd;
    int protocolStart = -1;
    if (lastSpace > methodEnd && requestEnd - lastSpace > 5 && http(b, lastSpace + 1)) {
      protocolStart = lastSpace + 1;
      targetEnd = lastSpace;
    }
    int questionMark = indexOf(b, '?', methodEnd + 1, targetEnd);
    i = requestEnd + 1;
    if (i + 4 > n || b[i] != ' ') {
      return false;
    }
    int status = (int) Digits.parse(b, i + 1, i + 4);
    if (status < 100 || status > 599 || (i + 4 < n && b[i + 4] != ' ')) {
      return false;
    }
    i += 4;
    long bytes = -1;
    if (i < n) {
      int bytesEnd = indexOf(b, ' ', i + 1, n);
      bytesEnd = bytesEnd < 0 ? n : bytesEnd;
      bytes = bytesEnd == i + 2 && b[i + 1] == '-' ? 0 : Digits.parse(b, i + 1, bytesEnd);
      if (bytes < 0) {
        return false;
      }
      i = bytesEnd;
    }
    // at most two quoted fields (referrer, agent), blanks between, nothing else
    int refStart = -1;
    int refEnd = -1;
    int agentStart = -1;
    int agentEnd = -1;
    int quoted = 0;
    while (i < n) {
      byte c = b[i];
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c != '"' || quoted == 2) {
        return false; // a request time, key=value fields or other extras
      }
      int end = closingQuote(b, i + 1, n);
      if (end < 0) {
        return false;
      }
      if (quoted++ == 0) {
        refStart = i + 1;
        refEnd = end;
      } else {
        agentStart = i + 1;
        agentEnd = end;
      }
      i = end + 1;
    }

    this.clientEnd = clientEnd;
    this.userStart = userStart;
    this.bracket = bracket;
    this.requestStart = requestStart;
    this.requestEnd = requestEnd;
    this.methodEnd = methodEnd;
    this.targetEnd = targetEnd;
    this.protocolStart = protocolStart;
    this.questionMark = questionMark;
    this.status = status;
    this.refStart = refStart;
    this.refEnd = refEnd;
    this.agentStart = agentStart;
    this.agentEnd = agentEnd;
    this.millis = millis;
    this.bytes = bytes;
    return true;
  }

  private static final byte[] USER = {'u', 's', 'e', 'r'};

  /**
   * The time's epoch millis, read as TimestampParser.scanApache does; MIN_VALUE if it is not one.
   */
  private long millis(byte[] b, int from, int to) {
    int length = to - from;
    if (length == cachedTimeLength && Arrays.equals(b, from, to, cachedTime, 0, length)) {
      return cachedMillis;
    }
    // b[to] is the closing bracket: scanApache reads nothing past it
    TimestampParser.Scan scan = timestamps.scanApache(new Ascii(b, from, to + 1), 0);
    if (scan == null || scan.end() != length) {
      return Long.MIN_VALUE;
    }
    System.arraycopy(b, from, cachedTime, 0, length);
    cachedTimeLength = length;
    cachedMillis = scan.instant().toEpochMilli();
    return cachedMillis;
  }

  /** Writes the id {@code <fingerprint>:<start>} as {@link Enricher#eventId} makes it. */
  private void writeId(LogEventWriter w, String fingerprint, long start) {
    if (fingerprint != lastFingerprint) {
      byte[] prefix = (fingerprint + ":").getBytes(StandardCharsets.UTF_8);
      id = Arrays.copyOf(prefix, prefix.length + 20);
      idPrefix = prefix.length;
      lastFingerprint = fingerprint;
    }
    if (start < 0) {
      byte[] all = Enricher.eventId(fingerprint, start).getBytes(StandardCharsets.UTF_8);
      w.writeUtf8(all, 0, all.length);
      return;
    }
    int digits = 1;
    for (long v = start; v >= 10; v /= 10) {
      digits++;
    }
    long v = start;
    for (int k = idPrefix + digits - 1; k >= idPrefix; k--) {
      id[k] = (byte) ('0' + v % 10);
      v /= 10;
    }
    w.writeUtf8(id, 0, idPrefix + digits);
  }

  private byte[] source(String source) {
    if (source != lastSource) {
      sourceBytes = source.getBytes(StandardCharsets.UTF_8);
      lastSource = source;
    }
    return sourceBytes;
  }

  private static void optional(LogEventWriter w, byte[] value) {
    if (value == null) {
      w.writeByte(0);
    } else {
      w.writeByte(2);
      w.writeUtf8(value, 0, value.length);
    }
  }

  private static void optional(LogEventWriter w, byte[] b, int from, int to) {
    if (from < 0) {
      w.writeByte(0);
    } else {
      w.writeByte(2);
      w.writeUtf8(b, from, to - from);
    }
  }

  private static void optionalUnlessDash(LogEventWriter w, byte[] b, int from, int to) {
    optional(w, b, from < 0 || (to - from == 1 && b[from] == '-') ? -1 : from, to);
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether {@code b[from, to)} is all ASCII, eight bytes at a time. */
  private static boolean ascii(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      if (((long) LONGS.get(b, i) & 0x8080808080808080L) != 0) {
        return false;
      }
    }
    for (; i < to; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(byte[] b, char c, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The closing quote at or after {@code from}, or -1 also for a backslash (an escape) before it.
   */
  private static int closingQuote(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == '"') {
        return i;
      }
      if (c == '\\') {
        return -1;
      }
    }
    return -1;
  }

  private static boolean upperWord(byte[] b, int from, int to) {
    if (to - from > 32) {
      return false;
    }
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if ((c < 'A' || c > 'Z') && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean http(byte[] b, int at) {
    return b[at] == 'H'
        && b[at + 1] == 'T'
        && b[at + 2] == 'T'
        && b[at + 3] == 'P'
        && b[at + 4] == '/';
  }

  /** ASCII bytes as characters, for the timestamp reader (on a cache miss only). */
  private record Ascii(byte[] b, int from, int to) implements CharSequence {
    @Override
    public int length() {
      return to - from;
    }

    @Override
    public char charAt(int index) {
      if (index < 0 || index >= to - from) {
        throw new IndexOutOfBoundsException(index);
      }
      return (char) b[from + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new String(b, from + start, end - start, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
      return new String(b, from, to - from, StandardCharsets.US_ASCII);
    }
  }
}
