package dev.sluice.ingest.ship;

import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.Codecs;
import dev.sluice.model.codec.LogEventWriter;

/**
 * Encodes {@link LogEvent}s exactly as {@link Codecs#logEvents()} does (single-object encoding:
 * marker, schema fingerprint, binary record), for the shipper's hot path: the header, then the
 * model's {@link LogEventWriter}, into one reused buffer. Not thread-safe: one per reader thread.
 * {@code EventEncoderTest} checks the bytes are identical to the model codec's.
 */
public final class EventEncoder {
  private final byte[] header = new byte[10];
  private final LogEventWriter writer = new LogEventWriter();

  /**
   * An encoder for the model's {@code LogEvent} schema.
   *
   * @throws IllegalStateException if the model's schema is not the one {@link LogEventWriter}
   *     encodes (a build that changed the schema without the writer)
   */
  public EventEncoder() {
    LogEventWriter.checkSchema();
    long fingerprint = AvroWireCodec.fingerprintOf(Codecs.logEvents().schema());
    header[0] = (byte) 0xC3;
    header[1] = (byte) 0x01;
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
  }

  /** The single-object encoding of {@code event}. */
  public byte[] encode(LogEvent event) {
    writer.clear();
    writer.writeRaw(header);
    writer.write(event);
    return writer.toByteArray();
  }
}
