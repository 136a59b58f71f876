package dev.sluice.ingest.ship;

import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.Codecs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Encodes {@link LogEvent}s exactly as {@link Codecs#logEvents()} does (single-object encoding:
 * marker, schema fingerprint, binary record) but through a reused buffered encoder and buffer, for
 * the shipper's hot path. Not thread-safe: one per reader thread. {@code EventEncoderTest} checks
 * the bytes are identical to the model codec's.
 */
final class EventEncoder {
  private final SpecificDatumWriter<LogEvent> writer;
  private final byte[] header = new byte[10];
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
  private BinaryEncoder encoder;

  EventEncoder() {
    Schema schema = Codecs.logEvents().schema();
    writer = new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
    long fingerprint = AvroWireCodec.fingerprintOf(schema);
    header[0] = (byte) 0xC3;
    header[1] = (byte) 0x01;
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
  }

  /** The single-object encoding of {@code event}. */
  byte[] encode(LogEvent event) {
    buffer.reset();
    buffer.write(header, 0, header.length);
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    try {
      writer.write(event, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a LogEvent", e);
    }
    return buffer.toByteArray();
  }
}
