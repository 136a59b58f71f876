package dev.sluice.ingest.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogFrameDecoderTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new SyslogFrameDecoder(500));

  private void write(String... chunks) {
    for (String chunk : chunks) {
      channel.writeInbound(Unpooled.copiedBuffer(chunk, StandardCharsets.UTF_8));
    }
  }

  private List<SyslogFrame> frames() {
    List<SyslogFrame> frames = new ArrayList<>();
    SyslogFrame frame;
    while ((frame = channel.readInbound()) != null) {
      frames.add(frame);
    }
    return frames;
  }

  private List<String> texts() {
    return frames().stream().map(SyslogFrame::text).toList();
  }

  @Test
  void splitsOctetCountedFramesWhoseMessagesHoldNewlines() {
    write("11 <13>a\nb c d9 <13>hello");
    assertThat(texts()).containsExactly("<13>a\nb c d", "<13>hello");
  }

  @Test
  void splitsNewlineFramesAndDropsCarriageReturns() {
    write("<13>one\r\n<13>two\n\n<13>three\n");
    assertThat(texts()).containsExactly("<13>one", "<13>two", "<13>three");
  }

  @Test
  void decidesTheFramingPerFrameOnOneConnection() {
    write("<13>newline first\n", "17 <13>octet counted", "<13>newline again\n", "4 <1>x");
    assertThat(texts())
        .containsExactly("<13>newline first", "<13>octet counted", "<13>newline again", "<1>x");
  }

  @Test
  void waitsForFramesSplitAcrossReads() {
    write("1", "2 <13>abc", "defg", "h<13>li", "ne\n");
    assertThat(texts()).containsExactly("<13>abcdefgh", "<13>line");
  }

  @Test
  void aLineStartingWithDigitsButNoLengthIsNewlineFramed() {
    write("2026-11-26 something happened\n12345678901 too many digits\n");
    assertThat(texts())
        .containsExactly("2026-11-26 something happened", "12345678901 too many digits");
  }

  @Test
  void cutsAnOversizedOctetCountedFrameAndFindsTheNextOne() {
    String big = "x".repeat(1200);
    write(big.length() + " " + big.substring(0, 700), big.substring(700) + "5 <1>ok");
    List<SyslogFrame> frames = frames();
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).text()).hasSize(500);
    assertThat(frames.get(0).truncated()).isTrue();
    assertThat(frames.get(1).text()).isEqualTo("<1>ok");
    assertThat(frames.get(1).truncated()).isFalse();
  }

  @Test
  void cutsAnOversizedLineAndSkipsToTheNextLine() {
    write("y".repeat(800), "y".repeat(800) + "\n<1>next\n");
    List<SyslogFrame> frames = frames();
    assertThat(frames).extracting(SyslogFrame::truncated).containsExactly(true, false);
    assertThat(frames.get(0).text()).isEqualTo("y".repeat(500));
    assertThat(frames.get(1).text()).isEqualTo("<1>next");
  }

  @Test
  void theBytesLeftAtCloseAreTheLastFrame() {
    write("<13>no newline at the end");
    assertThat(texts()).isEmpty();
    channel.finish();
    assertThat(texts()).containsExactly("<13>no newline at the end");
  }

  @Test
  void anIncompleteOctetCountedFrameAtCloseIsFlaggedTruncated() {
    write("20 <13>short");
    channel.finish();
    List<SyslogFrame> frames = frames();
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).text()).isEqualTo("<13>short");
    assertThat(frames.get(0).truncated()).isTrue();
  }
}
