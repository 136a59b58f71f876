package dev.sluice.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FileLinesTest {
  @Test
  void findsTheFirstNewlineAsAByteByByteScanDoes() {
    SplittableRandom random = new SplittableRandom(11);
    // bytes near '\n' (0x09, 0x0B, 0x8A, 0x0A ^ 0x80 …) and zeros, where the word arithmetic could
    // err
    byte[] alphabet = {'\n', 0x09, 0x0B, (byte) 0x8A, 0x00, 0x01, (byte) 0xFF, 'a', ' ', 0x7F};
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(0, 40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(0, bytes.length + 1);
      int to = random.nextInt(from, bytes.length + 1);
      assertThat(FileLines.newline(bytes, from, to))
          .as("%s [%d, %d)", java.util.Arrays.toString(bytes), from, to)
          .isEqualTo(naive(bytes, from, to));
    }
  }

  private static int naive(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
