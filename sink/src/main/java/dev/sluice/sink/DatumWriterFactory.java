package dev.sluice.sink;

import java.io.Serializable;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Makes the {@link DatumWriter} a sink writer encodes its records with, one per writer (so it need
 * not be thread-safe). Whatever it makes must write exactly Avro's binary encoding of the records
 * in the given schema (the schema the files declare), as {@link #specific()} does: readers decode
 * the files with that schema.
 *
 * @param <T> the record type
 */
@FunctionalInterface
public interface DatumWriterFactory<T> extends Serializable {
  /** A writer of records of {@code schema}. */
  DatumWriter<T> create(Schema schema);

  /** Avro's own {@link SpecificDatumWriter}: the default. */
  static <T> DatumWriterFactory<T> specific() {
    return SpecificDatumWriter::new;
  }
}
