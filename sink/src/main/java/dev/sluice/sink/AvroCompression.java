package dev.sluice.sink;

import org.apache.avro.file.CodecFactory;

/**
 * The block codec of the Avro object container files the sink writes. Every codec here is one that
 * Avro's own tools and Python's {@code avro} library read (zstandard needs the {@code zstandard}
 * package in Python).
 */
public enum AvroCompression {
  /** Zstandard, level 3: the default; small files, fast to write and read. */
  ZSTD,
  /** Deflate, level 6: readable everywhere, no native library. */
  DEFLATE,
  /** Snappy: fastest, largest. */
  SNAPPY,
  /** No compression. */
  NULL;

  /** Avro's codec for this choice. */
  public CodecFactory codecFactory() {
    return switch (this) {
      case ZSTD -> CodecFactory.zstandardCodec(3, false, true);
      case DEFLATE -> CodecFactory.deflateCodec(6);
      case SNAPPY -> CodecFactory.snappyCodec();
      case NULL -> CodecFactory.nullCodec();
    };
  }
}
