package dev.sluice.processing.source;

import dev.sluice.model.LogEvent;
import dev.sluice.model.codec.AvroWireCodec;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Encodes {@link LogEvent}s for the archive's Avro files with {@link LogEventSerializer}'s field by
 * field encoder instead of Avro's {@code SpecificDatumWriter} (which walks the schema, resolves
 * every union and looks up the timestamps' conversions per record: a quarter of the archive task's
 * time). The bytes are the same ({@code LogEventSerializerTest} compares them on random events).
 * Only for the schema {@link LogEventSerializer} encodes: constructing or {@link #setSchema} with
 * another fails. Not thread-safe: one per sink writer.
 */
public final class LogEventDatumWriter implements DatumWriter<LogEvent> {
  private final DataOutputSerializer buffer = new DataOutputSerializer(1024);

  /**
   * A writer for {@code schema}.
   *
   * @throws IllegalArgumentException if it is not the schema {@link LogEventSerializer} encodes
   */
  public LogEventDatumWriter(Schema schema) {
    setSchema(schema);
  }

  @Override
  public void setSchema(Schema schema) {
    LogEventSerializer.checkSchema();
    long fingerprint = AvroWireCodec.fingerprintOf(schema);
    if (fingerprint != LogEventSerializer.SCHEMA_FINGERPRINT) {
      throw new IllegalArgumentException(
          String.format(
              "LogEventDatumWriter writes the LogEvent schema %016x, not %016x (%s)",
              LogEventSerializer.SCHEMA_FINGERPRINT, fingerprint, schema.getFullName()));
    }
  }

  @Override
  public void write(LogEvent event, Encoder out) throws IOException {
    buffer.clear();
    LogEventSerializer.INSTANCE.serialize(event, buffer);
    out.writeFixed(buffer.getSharedBuffer(), 0, buffer.length());
  }
}
