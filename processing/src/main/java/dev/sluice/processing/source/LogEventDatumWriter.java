package dev.sluice.processing.source;

import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.AvroWireCodec;
import dev.sluice.model.codec.LogEventWriter;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Encodes {@link LogEvent}s for the archive's Avro files with the model's field-by-field {@link
 * LogEventWriter} instead of Avro's {@code SpecificDatumWriter} (which walks the schema, resolves
 * every union and looks up the timestamps' conversions per record: a quarter of the archive task's
 * time). The bytes are the same (model's {@code LogEventWriterTest} compares the writer with Avro's
 * on random events, {@code LogEventSerializerTest} this adapter). Only for the schema {@link
 * LogEventWriter} encodes: constructing or {@link #setSchema} with another fails. Not thread-safe:
 * one per sink writer.
 */
public final class LogEventDatumWriter implements DatumWriter<LogEvent> {
  private final LogEventWriter writer = new LogEventWriter();

  /**
   * A writer for {@code schema}.
   *
   * @throws IllegalArgumentException if it is not the schema {@link LogEventWriter} encodes
   */
  public LogEventDatumWriter(Schema schema) {
    setSchema(schema);
  }

  @Override
  public void setSchema(Schema schema) {
    LogEventWriter.checkSchema();
    long fingerprint = AvroWireCodec.fingerprintOf(schema);
    if (fingerprint != LogEventWriter.SCHEMA_FINGERPRINT) {
      throw new IllegalArgumentException(
          String.format(
              "LogEventDatumWriter writes the LogEvent schema %016x, not %016x (%s)",
              LogEventWriter.SCHEMA_FINGERPRINT, fingerprint, schema.getFullName()));
    }
  }

  @Override
  public void write(LogEvent event, Encoder out) throws IOException {
    writer.clear();
    writer.write(event);
    out.writeFixed(writer.buffer(), 0, writer.size());
  }
}
