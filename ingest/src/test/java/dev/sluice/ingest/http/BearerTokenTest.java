package dev.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {
  private final BearerToken token = new BearerToken("abc123");

  @Test
  void acceptsOnlyTheExactBearerToken() {
    assertThat(token.accepts("Bearer abc123")).isTrue();
    assertThat(token.accepts("bearer abc123")).as("the scheme is case-insensitive").isTrue();
    assertThat(token.accepts("Bearer abc1234")).isFalse();
    assertThat(token.accepts("Bearer abc12")).isFalse();
    assertThat(token.accepts("Basic abc123")).isFalse();
    assertThat(token.accepts("abc123")).isFalse();
    assertThat(token.accepts("")).isFalse();
    assertThat(token.accepts(null)).isFalse();
  }
}
