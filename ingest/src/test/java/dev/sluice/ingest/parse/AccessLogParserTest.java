package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.ParserTesting.TIMESTAMPS;
import static dev.sluice.ingest.parse.ParserTesting.failure;
import static dev.sluice.ingest.parse.ParserTesting.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import org.junit.jupiter.api.Test;

class AccessLogParserTest {
  private final AccessLogParser combined = AccessLogParser.combined(TIMESTAMPS);
  private final AccessLogParser common = AccessLogParser.common(TIMESTAMPS);

  @Test
  void readsTheApacheCommonExample() {
    String line =
        "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";
    ParsedFields f = parsed(common, line);
    assertThat(f.eventTime).isEqualTo("2000-10-10T20:55:36Z");
    assertThat(f.http.getClientAddress()).isEqualTo("127.0.0.1");
    assertThat(f.attributes).containsEntry("user", "frank");
    assertThat(f.http.getMethod()).isEqualTo("GET");
    assertThat(f.http.getPath()).isEqualTo("/apache_pb.gif");
    assertThat(f.http.getQuery()).isNull();
    assertThat(f.http.getProtocol()).isEqualTo("HTTP/1.0");
    assertThat(f.http.getStatus()).isEqualTo(200);
    assertThat(f.http.getBytes()).isEqualTo(2326L);
    assertThat(f.level).isEqualTo(Level.INFO);
    assertThat(f.message).isEqualTo(line);
  }

  @Test
  void readsNginxCombinedWithRequestTime() {
    ParsedFields f =
        parsed(
            combined,
            "2001:db8::1 - - [15/Jan/2024:10:23:45 +0000] \"POST /api/pay?order=42&retry=1 HTTP/2.0\" 503 0 \"https://shop.example/cart\" \"Mozilla/5.0 (X11; Linux x86_64)\" 1.234");
    assertThat(f.http.getClientAddress()).isEqualTo("2001:db8::1");
    assertThat(f.http.getPath()).isEqualTo("/api/pay");
    assertThat(f.http.getQuery()).isEqualTo("order=42&retry=1");
    assertThat(f.http.getReferrer()).isEqualTo("https://shop.example/cart");
    assertThat(f.http.getUserAgent()).isEqualTo("Mozilla/5.0 (X11; Linux x86_64)");
    assertThat(f.http.getDurationMs()).isEqualTo(1234.0);
    assertThat(f.level).isEqualTo(Level.ERROR);
    assertThat(f.attributes).doesNotContainKey("user");
  }

  @Test
  void readsApacheMicrosecondsAndKeyValueExtras() {
    ParsedFields apache =
        parsed(
            combined,
            "10.0.0.1 - - [15/Jan/2024:10:23:45 +0000] \"GET / HTTP/1.1\" 404 - \"-\" \"curl/8.5.0\" 52300");
    assertThat(apache.http.getDurationMs()).isEqualTo(52.3);
    assertThat(apache.http.getBytes()).isEqualTo(0L);
    assertThat(apache.http.getReferrer()).isNull();
    assertThat(apache.level).isEqualTo(Level.WARN);

    ParsedFields kv =
        parsed(
            combined,
            "10.0.0.1 - - [15/Jan/2024:10:23:45 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl\" rt=0.050 upstream=10.1.1.1:80 \"x-extra\"");
    assertThat(kv.http.getDurationMs()).isEqualTo(50.0);
    assertThat(kv.attributes)
        .containsEntry("upstream", "10.1.1.1:80")
        .containsEntry("extra", "\"x-extra\"");
  }

  @Test
  void keepsGarbageRequestLinesAndEscapedQuotes() {
    ParsedFields tls =
        parsed(
            combined,
            "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"\\x16\\x03\\x01\\x00\" 400 157 \"-\" \"-\"");
    assertThat(tls.http.getMethod()).isNull();
    assertThat(tls.attributes).containsEntry("request", "\\x16\\x03\\x01\\x00");
    ParsedFields quoted =
        parsed(
            combined,
            "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"agent \\\"quoted\\\" v1\"");
    assertThat(quoted.http.getUserAgent()).isEqualTo("agent \"quoted\" v1");
  }

  @Test
  void failsOnBrokenLinesWithTheReason() {
    assertThat(
            failure(combined, "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET /a HTTP/1.1 200 1"))
        .contains("unterminated quote");
    assertThat(
            failure(combined, "1.2.3.4 - - [35/Foo/2024:10:23:45 +0000] \"GET / HTTP/1.1\" 200 1"))
        .contains("bad timestamp");
    assertThat(
            failure(combined, "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET / HTTP/1.1\" OK 1"))
        .contains("bad status");
    assertThat(failure(combined, "just a line")).contains("not a combined access log line");
    assertThat(failure(combined, "{\"json\":1}")).isNotBlank();
  }

  @Test
  void splitsEveryShapeOfRequestLine() {
    // request line -> method, path, query, protocol, attribute "request"
    String[][] cases = {
      {"GET /a?b=1&c HTTP/1.1", "GET", "/a", "b=1&c", "HTTP/1.1", null},
      {"GET /only", "GET", "/only", null, null, null},
      {"GET /x?", "GET", "/x", "", null, null},
      {"GET /a b HTTP/1.1", "GET", "/a b", null, "HTTP/1.1", null},
      {"GET /x HTTP", "GET", "/x HTTP", null, null, null},
      {"POST /q?x HTTP/", "POST", "/q", "x", "HTTP/", null},
      {"GET  /two-spaces HTTP/1.0", "GET", " /two-spaces", null, "HTTP/1.0", null},
      {"GET /p\\\"q?r=\\\" HTTP/1.1", "GET", "/p\"q", "r=\"", "HTTP/1.1", null},
      {"-", null, null, null, null, "-"},
      {"GET", null, null, null, null, "GET"},
      {"get /lower HTTP/1.1", null, null, null, null, "get /lower HTTP/1.1"},
      {" GET /lead", null, null, null, null, " GET /lead"},
      {"", null, null, null, null, ""},
    };
    for (String[] c : cases) {
      String line = "10.0.0.1 - - [15/Jan/2024:10:23:45 +0000] \"" + c[0] + "\" 200 5 \"-\" \"ua\"";
      ParsedFields f = parsed(combined, line);
      assertThat(f.http.getMethod()).as("method of %s", c[0]).isEqualTo(c[1]);
      assertThat(f.http.getPath()).as("path of %s", c[0]).isEqualTo(c[2]);
      assertThat(f.http.getQuery()).as("query of %s", c[0]).isEqualTo(c[3]);
      assertThat(f.http.getProtocol()).as("protocol of %s", c[0]).isEqualTo(c[4]);
      assertThat(f.attributes.get("request")).as("request of %s", c[0]).isEqualTo(c[5]);
      assertThat(f.http.getBytes()).isEqualTo(5L);
      assertThat(f.attributes).doesNotContainKey("user");
    }
  }

  @Test
  void readsTheUserAndTheByteCountInPlace() {
    String base = "10.0.0.1 %s [15/Jan/2024:10:23:45 +0000] \"GET / HTTP/1.1\" 200 %s";
    assertThat(parsed(combined, String.format(base, "- -", "-")).http.getBytes()).isZero();
    assertThat(parsed(combined, String.format(base, "- -", "-")).attributes)
        .doesNotContainKey("user");
    assertThat(parsed(combined, String.format(base, "- -x", "0")).attributes)
        .containsEntry("user", "-x");
    assertThat(parsed(combined, String.format(base, "- bob", "123456789012345678")).http.getBytes())
        .isEqualTo(123456789012345678L);
    assertThat(failure(combined, String.format(base, "- -", "1234567890123456789")))
        .contains("bad byte count '1234567890123456789'");
    assertThat(failure(combined, String.format(base, "- -", "--"))).contains("bad byte count '--'");
    assertThat(failure(combined, String.format(base, "- -", "12a")))
        .contains("bad byte count '12a'");
  }
}
