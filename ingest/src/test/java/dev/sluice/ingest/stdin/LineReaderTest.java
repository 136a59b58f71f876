package dev.sluice.ingest.stdin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private record Line(String text, long start, long end, boolean truncated) {}

  private static List<Line> read(InputStream in, int max) throws Exception {
    List<Line> lines = new ArrayList<>();
    new LineReader(in, max)
        .readAll(
            (bytes, length, start, end, truncated) ->
                lines.add(
                    new Line(
                        new String(bytes, 0, length, StandardCharsets.UTF_8),
                        start,
                        end,
                        truncated)));
    return lines;
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsLinesKeepingOffsetsAndTheLastUnterminatedLine() throws Exception {
    assertThat(read(bytes("one\r\ntwo\n\nlast"), 1024))
        .containsExactly(
            new Line("one", 0, 5, false),
            new Line("two", 5, 9, false),
            new Line("", 9, 10, false),
            new Line("last", 10, 14, false));
  }

  @Test
  void cutsLongLinesAndKeepsCounting() throws Exception {
    String text = "x".repeat(100) + "\nok\n";
    assertThat(read(bytes(text), 10))
        .containsExactly(new Line("x".repeat(10), 0, 101, true), new Line("ok", 101, 104, false));
  }

  @Test
  void readsLinesSpreadOverManySmallReads() throws Exception {
    InputStream trickle =
        new ByteArrayInputStream("ab\ncd\n".getBytes(StandardCharsets.UTF_8)) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1));
          }
        };
    assertThat(read(trickle, 1024))
        .containsExactly(new Line("ab", 0, 3, false), new Line("cd", 3, 6, false));
  }
}
