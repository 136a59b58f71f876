package dev.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NdjsonDecoderTest {
  private final NdjsonDecoder decoder = new NdjsonDecoder();

  private Decoded decode(String body) {
    return decoder.decode(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsEveryLineSkippingBlankOnesAndNumberingThemFromOne() {
    Decoded decoded = decode("{\"message\":\"a\"}\r\n\n  \n{\"msg\":\"b\",\"level\":\"warn\"}");
    assertThat(decoded).isInstanceOf(Decoded.Events.class);
    var events = ((Decoded.Events) decoded).events();
    assertThat(events).extracting(Decoded.Event::position).containsExactly(1, 4);
    assertThat(events).extracting(e -> e.fields().message).containsExactly("a", "b");
  }

  @Test
  void oneBadLineMakesTheWholeBodyMalformedNamingTheLine() {
    Decoded decoded = decode("{\"message\":\"a\"}\n{\"message\":\"b\"}\nnot json\n{}");
    assertThat(decoded).isInstanceOf(Decoded.Malformed.class);
    assertThat(((Decoded.Malformed) decoded).reason())
        .startsWith("line 3: not a JSON object")
        .endsWith("nothing was sent");
  }

  @Test
  void anEmptyBodyHasNoEvents() {
    assertThat(((Decoded.Events) decode("")).events()).isEmpty();
  }

  @Test
  void readsALineWithInvalidUtf8AsTextWithReplacementCharacters() {
    // ÿ in Latin-1 is the single byte 0xFF, which starts no UTF-8 sequence
    byte[] body = "{\"msg\":\"a\u00FF\"}\n{\"msg\":\"b\"}".getBytes(StandardCharsets.ISO_8859_1);
    var events = ((Decoded.Events) decoder.decode(body)).events();
    assertThat(events).extracting(e -> e.fields().message).containsExactly("a\uFFFD", "b");
    assertThat(events).extracting(Decoded.Event::position).containsExactly(1, 2);
  }
}
