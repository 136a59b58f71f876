package dev.sluice.processing.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PhraseMasks#maskRequestLines}, the hand-written search for HTTP request lines, against the
 * regex that defines it ({@link PhraseMasks#REQUEST_LINE}).
 */
class PhraseMasksTest {
  private static String byRegex(String text) {
    return PhraseMasks.REQUEST_LINE.matcher(text).replaceAll("$1 " + Masker.PARAM);
  }

  @Test
  void masksTheTargetAndVersionOfRequestLines() {
    assertThat(PhraseMasks.maskRequestLines("GET /api/items/12 HTTP/1.1 200"))
        .isEqualTo("GET <*> 200");
    assertThat(PhraseMasks.maskRequestLines("a \"POST /x?y=1 HTTP/2\" b PUT /z HTTP/1.0x"))
        .isEqualTo("a \"POST <*>\" b PUT <*>x");
    assertThat(PhraseMasks.maskRequestLines("XGET /a HTTP/1.1")).isEqualTo("XGET /a HTTP/1.1");
    assertThat(PhraseMasks.maskRequestLines("GET  /a HTTP/1.1")).isEqualTo("GET  /a HTTP/1.1");
    assertThat(PhraseMasks.maskRequestLines("GET /a HTTP/x")).isEqualTo("GET /a HTTP/x");
  }

  @Test
  void findsWhatTheRegexFindsOnRandomText() {
    String[] parts = {
      "GET",
      "POST",
      "PUT",
      "DELETE",
      "HEAD",
      "PATCH",
      "OPTIONS",
      "CONNECT",
      "TRACE",
      "GE",
      " HTTP/",
      "HTTP/",
      " ",
      " ",
      "\t",
      "\n",
      "\r",
      "\u000B",
      "\f",
      "\u00a0",
      "1",
      "2",
      ".",
      "..",
      "/a",
      "x",
      "X",
      "_",
      "-",
      "\"",
      "é",
      "\u0301",
      "\u0301\u0301",
      "ß",
      "٣",
      "\ud83d\ude00",
      "\ud800",
      "\udc00",
      "<*>",
      "a GET /p HTTP/1.1",
      "GET /p HTTP/1.",
      "HTTP/1.1 "
    };
    SplittableRandom random = new SplittableRandom(16);
    int masked = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(12);
      for (int k = 0; k < n; k++) {
        text.append(parts[random.nextInt(parts.length)]);
      }
      String s = text.toString();
      String expected = byRegex(s);
      assertThat(PhraseMasks.maskRequestLines(s)).as("%s", s).isEqualTo(expected);
      if (!expected.equals(s)) {
        masked++;
      }
    }
    assertThat(masked).as("texts with a request line").isGreaterThan(1000);
  }
}
