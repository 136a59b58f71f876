package dev.sluice.model.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Encodes records for Kafka with Avro single-object encoding: a two-byte marker, the 64-bit
 * CRC-64-AVRO fingerprint of the writer schema, then the binary record.
 *
 * <p>Decoding reads the header itself and the record with Avro's buffered decoder straight over the
 * message's bytes, one resolving reader per known writer schema: Avro's own {@code
 * BinaryMessageDecoder} reads through a stream decoder that pays a stream call per byte, which was
 * about half of the job's decoding.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>{@link #decode} reads every writer schema the codec was given (every earlier version of the
 *       record that the model recorded in its history) and resolves it to the reader schema.
 *   <li>{@link #decode} returns a whole record or throws {@link AvroCodecException}: an unknown
 *       fingerprint, a bad header, truncated or corrupt bytes and trailing garbage are all errors,
 *       never a partial record.
 *   <li>Instances are thread-safe.
 * </ul>
 *
 * @param <T> the record type the codec reads into and writes from
 */
public final class AvroWireCodec<T> {
  private static final byte HEADER_0 = (byte) 0xC3;
  private static final byte HEADER_1 = (byte) 0x01;

  /** Bytes of the single-object header: two marker bytes and the 64-bit schema fingerprint. */
  public static final int HEADER_LENGTH = 10;

  private final String recordName;
  private final Schema readerSchema;
  private final BinaryMessageEncoder<T> encoder;
  private final Map<Long, DatumReader<T>> readers;
  private final Map<Long, Schema> knownWriterSchemas;

  /** Each thread's decoder, reset onto every message (Avro's own message decoder does the same). */
  private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

  /**
   * Creates a codec.
   *
   * @param model the Avro data model ({@code SpecificData} for generated classes, {@code
   *     GenericData} for generic records)
   * @param readerSchema the schema records are written with and read into
   * @param earlierWriterSchemas other schema versions whose messages this codec must decode
   */
  public AvroWireCodec(
      GenericData model, Schema readerSchema, Collection<Schema> earlierWriterSchemas) {
    this.recordName = readerSchema.getFullName();
    this.readerSchema = readerSchema;
    this.encoder = new BinaryMessageEncoder<>(model, readerSchema);
    Map<Long, Schema> known = new TreeMap<>();
    Map<Long, DatumReader<T>> byFingerprint = new HashMap<>();
    List<Schema> all = new ArrayList<>(earlierWriterSchemas);
    all.add(readerSchema);
    for (Schema schema : all) {
      long fingerprint = fingerprintOf(schema);
      known.put(fingerprint, schema);
      @SuppressWarnings("unchecked")
      DatumReader<T> reader = (DatumReader<T>) model.createDatumReader(schema, readerSchema);
      byFingerprint.put(fingerprint, reader);
    }
    this.knownWriterSchemas = Map.copyOf(known);
    this.readers = Map.copyOf(byFingerprint);
  }

  /** The CRC-64-AVRO fingerprint of a schema's parsing canonical form, as in the header. */
  public static long fingerprintOf(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /** The fingerprint this codec writes. */
  public long writerFingerprint() {
    return fingerprintOf(readerSchema);
  }

  /** The schema this codec writes and reads into. */
  public Schema schema() {
    return readerSchema;
  }

  /** Every writer schema this codec decodes, by fingerprint. */
  public Map<Long, Schema> knownWriterSchemas() {
    return knownWriterSchemas;
  }

  /** Encodes one record as a single-object-encoded byte array. */
  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + recordName, e);
    } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
      throw new AvroCodecException(
          "cannot encode " + recordName + ": " + e.getMessage() + " (a required field is unset?)",
          e);
    }
  }

  /**
   * Decodes one message.
   *
   * @throws AvroCodecException if the bytes are not a whole message of a known schema version
   */
  public T decode(byte[] message) {
    if (message == null) {
      throw new AvroCodecException("cannot decode " + recordName + ": the message is null");
    }
    if (message.length < HEADER_LENGTH) {
      throw new AvroCodecException(
          "cannot decode "
              + recordName
              + ": "
              + message.length
              + " bytes is shorter than the 10-byte single-object header");
    }
    if (message[0] != HEADER_0 || message[1] != HEADER_1) {
      throw new AvroCodecException(
          "cannot decode "
              + recordName
              + ": not Avro single-object encoding (bad marker bytes "
              + String.format("%02x %02x", message[0], message[1])
              + ")");
    }
    DatumReader<T> reader = readers.get(fingerprintInHeader(message));
    if (reader == null) {
      throw new AvroCodecException(
          String.format(
              "cannot decode %s: unknown writer schema fingerprint %016x; this reader knows %s."
                  + " Upgrade the reader or record the writer's schema version in the model.",
              recordName, fingerprintInHeader(message), describeKnown()));
    }
    BinaryDecoder in =
        DecoderFactory.get()
            .binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH, DECODERS.get());
    DECODERS.set(in);
    T record;
    int trailing;
    try {
      record = reader.read(null, in);
      trailing = in.inputStream().available();
    } catch (IOException | AvroRuntimeException e) {
      throw new AvroCodecException(
          "cannot decode " + recordName + ": corrupt or truncated record (" + e + ")", e);
    } catch (RuntimeException e) {
      // Corrupt bytes can surface as index, negative-size or class-cast errors deep in Avro.
      throw new AvroCodecException(
          "cannot decode " + recordName + ": corrupt record (" + e + ")", e);
    }
    if (trailing > 0) {
      throw new AvroCodecException(
          "cannot decode "
              + recordName
              + ": "
              + trailing
              + " unexpected bytes after the record (corrupt or concatenated input)");
    }
    return record;
  }

  /** The single-object header of messages this codec writes: marker and fingerprint. */
  public byte[] header() {
    long fingerprint = writerFingerprint();
    byte[] header = new byte[HEADER_LENGTH];
    header[0] = HEADER_0;
    header[1] = HEADER_1;
    for (int i = 0; i < 8; i++) {
      header[2 + i] = (byte) (fingerprint >>> (8 * i));
    }
    return header;
  }

  /**
   * Whether {@code message} starts with a single-object header naming the schema of {@code
   * fingerprint} and has bytes after it: a message a reader written for exactly that schema may
   * read from {@link #HEADER_LENGTH} on.
   */
  public static boolean isMessageOf(byte[] message, long fingerprint) {
    return message.length > HEADER_LENGTH
        && message[0] == HEADER_0
        && message[1] == HEADER_1
        && fingerprintInHeader(message) == fingerprint;
  }

  private static long fingerprintInHeader(byte[] message) {
    return ByteBuffer.wrap(message, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private String describeKnown() {
    List<String> names = new ArrayList<>();
    knownWriterSchemas.keySet().forEach(f -> names.add(String.format("%016x", f)));
    return names.toString();
  }
}
