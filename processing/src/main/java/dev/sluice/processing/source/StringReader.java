package dev.sluice.processing.source;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;

/**
 * Reads Avro strings (a zig-zag length, then UTF-8 bytes) for {@link LogEventSerializer}, one
 * instance per thread: the bytes go through one scratch buffer instead of a new array per string,
 * and a field that repeats the value it had in the previous event read by this thread (service,
 * host, source, HTTP method …: the same few values event after event) gets the same {@code String}
 * back instead of a new one. Strings are immutable, so events may share them.
 *
 * <p>Not thread-safe: one per thread.
 */
final class StringReader {
  /** Slots of fields whose last value is remembered. */
  static final int SERVICE = 0;

  static final int HOST = 1;
  static final int ENVIRONMENT = 2;
  static final int SOURCE = 3;
  static final int LOGGER = 4;
  static final int THREAD = 5;
  static final int METHOD = 6;
  static final int PROTOCOL = 7;
  private static final int SLOTS = 8;

  /** Values longer than this are not remembered. */
  private static final int MAX_REMEMBERED = 64;

  /** The scratch buffer is not kept grown past this. */
  private static final int MAX_KEPT_SCRATCH = 64 << 10;

  private byte[] scratch = new byte[256];
  private final byte[][] lastBytes = new byte[SLOTS][];
  private final String[] lastValue = new String[SLOTS];

  /** A string whose value is not remembered. */
  String read(DataInputView in) throws IOException {
    int length = length(in);
    if (length == 0) {
      return "";
    }
    byte[] bytes = fill(in, length);
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /** A string of the field in {@code slot}: its previous value when the bytes are the same. */
  String read(DataInputView in, int slot) throws IOException {
    int length = length(in);
    if (length == 0) {
      return "";
    }
    byte[] bytes = fill(in, length);
    byte[] last = lastBytes[slot];
    if (last != null && last.length == length && Arrays.equals(last, 0, length, bytes, 0, length)) {
      return lastValue[slot];
    }
    String value = new String(bytes, 0, length, StandardCharsets.UTF_8);
    if (length <= MAX_REMEMBERED) {
      lastBytes[slot] = Arrays.copyOf(bytes, length);
      lastValue[slot] = value;
    }
    return value;
  }

  private static int length(DataInputView in) throws IOException {
    long length = LogEventSerializer.readLong(in);
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new IOException("corrupt LogEvent: string length " + length);
    }
    return (int) length;
  }

  /**
   * A string's length says it runs past the end of the bytes being read: a corrupt or truncated
   * message, refused before anything is allocated for it.
   */
  static final class LengthPastEndException extends EOFException {
    private static final long serialVersionUID = 1L;

    LengthPastEndException(int length, int available) {
      super(
          "corrupt or truncated LogEvent: a string of "
              + length
              + " bytes where "
              + available
              + " are left");
    }
  }

  /** The next {@code length} bytes, at the start of the returned array. */
  private byte[] fill(DataInputView in, int length) throws IOException {
    if (in instanceof DataInputDeserializer bytes && length > bytes.available()) {
      // a corrupt length in a message read from Kafka: fail before allocating for it
      throw new LengthPastEndException(length, bytes.available());
    }
    byte[] into;
    if (length <= scratch.length) {
      into = scratch;
    } else if (length <= MAX_KEPT_SCRATCH) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
      into = scratch;
    } else {
      into = new byte[length]; // one huge string: not kept
    }
    in.readFully(into, 0, length);
    return into;
  }
}
