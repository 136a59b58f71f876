package dev.sluice.sink.internal;

import java.io.ByteArrayOutputStream;

/**
 * An in-memory output stream whose bytes can be read without copying and then dropped; holds the
 * not-yet-uploaded tail of one part file.
 */
final class GrowableBuffer extends ByteArrayOutputStream {
  GrowableBuffer(int initialCapacity) {
    super(initialCapacity);
  }

  /** The backing array; valid bytes are {@code [0, size())}. */
  byte[] array() {
    return buf;
  }

  /** Drops the contents and, when the array grew large, the array too. */
  void clear(int keepCapacity) {
    reset();
    if (buf.length > keepCapacity) {
      buf = new byte[Math.min(keepCapacity, 64 << 10)];
    }
  }
}
