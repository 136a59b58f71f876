package dev.sluice.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigitsTest {
  private static long both(String text, int from, int to) {
    long fromString = Digits.parse(text, from, to);
    long fromBytes = Digits.parse(text.getBytes(StandardCharsets.US_ASCII), from, to);
    assertThat(fromBytes).as("bytes and string agree on '%s'", text).isEqualTo(fromString);
    return fromString;
  }

  @Test
  void readsARangeOfDigits() {
    assertThat(both("HTTP/1.1\" 503 1234", 10, 13)).isEqualTo(503);
    assertThat(both("<34>1", 1, 3)).isEqualTo(34);
    assertThat(both("0", 0, 1)).isZero();
    assertThat(both("999999999999999999", 0, 18)).isEqualTo(999_999_999_999_999_999L);
  }

  @Test
  void anythingElseIsMinusOne() {
    assertThat(both("12a4", 0, 4)).isEqualTo(-1);
    assertThat(both("-12", 0, 3)).isEqualTo(-1);
    assertThat(both("12", 1, 1)).as("empty").isEqualTo(-1);
    assertThat(both("1234567890123456789", 0, 19)).as("19 digits").isEqualTo(-1);
  }
}
