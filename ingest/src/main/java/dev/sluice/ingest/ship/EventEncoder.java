package dev.sluice.ingest.ship;

import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.Codecs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Encodes {@link LogEvent}s exactly as {@link Codecs#logEvents()} does (single-object encoding:
 * marker, schema fingerprint, binary record), for the shipper's hot path: through {@link
 * LogEventWriter}, which writes the fields straight into a reused buffer, when the model's schema
 * has the shape that writer was written for; else through one Avro encoder bound once to a reused
 * unsynchronized buffer. Not thread-safe: one per reader thread. {@code EventEncoderTest} checks
 * the bytes are identical to the model codec's, and that the direct writer is the one in use.
 */
public final class EventEncoder {
  private final SpecificDatumWriter<LogEvent> writer;
  private final byte[] header = new byte[10];
  private final Buffer buffer = new Buffer();
  private final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(buffer, null);
  private final LogEventWriter direct;

  public EventEncoder() {
    Schema schema = Codecs.logEvents().schema();
    writer = new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
    long fingerprint = AvroWireCodec.fingerprintOf(schema);
    header[0] = (byte) 0xC3;
    header[1] = (byte) 0x01;
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
    direct = LogEventWriter.fits(schema) ? new LogEventWriter() : null;
  }

  /** Whether events are written by {@link LogEventWriter} (the schema has its shape). */
  boolean direct() {
    return direct != null;
  }

  /** The single-object encoding of {@code event}. */
  public byte[] encode(LogEvent event) {
    if (direct != null) {
      direct.reset(header);
      direct.write(event);
      return direct.toByteArray();
    }
    buffer.reset();
    buffer.write(header, 0, header.length);
    try {
      writer.write(event, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a LogEvent", e);
    }
    return buffer.toByteArray();
  }

  /** An unsynchronized growable byte buffer, reused for every record. */
  private static final class Buffer extends OutputStream {
    private byte[] bytes = new byte[4096];
    private int count;

    void reset() {
      count = 0;
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, count);
    }

    private void ensure(int more) {
      if (count + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
      }
    }
  }
}
