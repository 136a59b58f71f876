package dev.sluice.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every parser survives any string: it returns a result, never throws, and does so quickly. */
class HostileInputTest {
  private static final List<String> HOSTILE = new ArrayList<>();

  @BeforeAll
  static void buildInputs() {
    Random random = new Random(7);
    StringBuilder garbage = new StringBuilder();
    for (int i = 0; i < 4096; i++) {
      garbage.append((char) random.nextInt(0x10000)); // includes lone surrogates and controls
    }
    HOSTILE.add(garbage.toString());
    HOSTILE.add("\u0000\u0001\u0002\uFFFD\uFFFE\uD800");
    HOSTILE.add("");
    HOSTILE.add("\n\n\r\n");
    HOSTILE.add("{");
    HOSTILE.add("{\"a\":\"" + "x".repeat(1000));
    HOSTILE.add("msg=\"unterminated level=info");
    HOSTILE.add("1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET /" + "a".repeat(100_000));
    HOSTILE.add("1.2.3.4 - - [99/Xyz/9999:99:99:99 +9999] \"GET / HTTP/1.1\" 200 1");
    HOSTILE.add("<" + "9".repeat(50) + ">1 x");
    HOSTILE.add("<13>1 2024-02-30T10:00:00Z h a - - [a b=\"c\" " + "[".repeat(10_000));
    HOSTILE.add("2024-01-15 10:23:45 " + "[".repeat(100_000));
    HOSTILE.add("2024-99-99T99:99:99Z ERROR bad date");
    HOSTILE.add("a=" + "\"\\".repeat(50_000));
    HOSTILE.add("[".repeat(100_000));
    HOSTILE.add("{\"a\":" + "[".repeat(100_000));
    String tenMegabytes = "x".repeat(10 * 1024 * 1024);
    HOSTILE.add(tenMegabytes);
    HOSTILE.add("{\"msg\":\"" + tenMegabytes + "\",\"level\":\"info\"}");
    HOSTILE.add("level=info msg=" + tenMegabytes);
    HOSTILE.add(
        "1.2.3.4 - - [15/Jan/2024:10:23:45 +0000] \"GET /" + tenMegabytes + " HTTP/1.1\" 200 1");
    HOSTILE.add("<13>1 2024-01-15T10:23:45Z h a - - - " + tenMegabytes);
    HOSTILE.add("2024-01-15 10:23:45.123 [main] INFO a.B - " + tenMegabytes);
    HOSTILE.add("2024-01-15 10:23:45.123 " + tenMegabytes.replace('x', ' ') + "INFO");
  }

  static Stream<String> parserNames() {
    return Parsers.NAMES.stream();
  }

  @ParameterizedTest
  @MethodSource("parserNames")
  void survivesAnyString(String name) {
    LogParser parser =
        Parsers.byName(
            name,
            ParserOptions.builder()
                .defaultZone("UTC")
                .regex(Pattern.compile("^(?<time>\\S+) (?<level>\\w+) (?<message>(\\w|\\s)*)$"))
                .build());
    for (String input : HOSTILE) {
      ParseResult result = parser.parse(input);
      assertThat(result).as("%s on input of length %d", name, input.length()).isNotNull();
      if (result instanceof ParseResult.Failed failed) {
        assertThat(failed.reason()).isNotBlank().hasSizeLessThan(2000);
      } else {
        ParsedFields fields = ((ParseResult.Parsed) result).fields();
        assertThat(fields.message).isNotNull();
        assertThat(fields.level).isNotNull();
      }
    }
  }

  @Test
  void autoParsesEveryRecordEvenWhenNoFormatFits() {
    LogParser auto = Parsers.byName("auto", ParserOptions.builder().defaultZone("UTC").build());
    for (String input : HOSTILE) {
      assertThat(auto.parse(input)).isInstanceOf(ParseResult.Parsed.class);
    }
  }
}
