package dev.sluice.ingest.ship;

import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.Codecs;
import dev.sluice.model.codec.LogEventWriter;

/**
 * Encodes {@link LogEvent}s exactly as {@link Codecs#logEvents()} does (single-object encoding:
 * marker, schema fingerprint, binary record), for the shipper's hot path: the header, then the
 * model's {@link LogEventWriter}, into one reused buffer. Not thread-safe: one per reader thread.
 * {@code EventEncoderTest} checks the bytes are identical to the model codec's.
 */
public final class EventEncoder {
  private final byte[] header = singleObjectHeader();
  private final LogEventWriter writer = new LogEventWriter();

  /**
   * An encoder for the model's {@code LogEvent} schema.
   *
   * @throws IllegalStateException if the model's schema is not the one {@link LogEventWriter}
   *     encodes (a build that changed the schema without the writer)
   */
  public EventEncoder() {}

  /**
   * The single-object encoding's header of the model's {@code LogEvent} (marker, fingerprint).
   *
   * @throws IllegalStateException if the model's schema is not the one {@link LogEventWriter}
   *     encodes
   */
  static byte[] singleObjectHeader() {
    LogEventWriter.checkSchema();
    return Codecs.logEvents().header();
  }

  /** The single-object encoding of {@code event}. */
  public byte[] encode(LogEvent event) {
    writer.clear();
    writer.writeRaw(header);
    writer.write(event);
    return writer.toByteArray();
  }

  /**
   * The same bytes as {@link #encode(LogEvent)}, for an event read from {@code record}, which was
   * decoded from {@code utf8[offset, offset + length)}: when the event's message is that record
   * itself (an access log's, an unparsed line's) and it decodes back to those bytes ({@link
   * LogEventWriter#decodesBack}), the message is copied from them instead of encoded again.
   */
  public byte[] encode(LogEvent event, String record, byte[] utf8, int offset, int length) {
    writer.clear();
    writer.writeRaw(header);
    if (event.getMessage() == record && LogEventWriter.decodesBack(record, utf8, offset, length)) {
      writer.write(event, utf8, offset, length);
    } else {
      writer.write(event);
    }
    return writer.toByteArray();
  }
}
