package dev.sluice.appenders.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackTracesTest {
  @Test
  void writesWhatPrintStackTraceWritesWithoutTheTrailingLineBreak() {
    Exception e = new RuntimeException("outer", new IllegalArgumentException("inner"));
    e.addSuppressed(new IllegalStateException("closing"));

    String trace = StackTraces.of(e);

    assertThat(trace)
        .startsWith("java.lang.RuntimeException: outer\n\tat ")
        .contains("\tSuppressed: java.lang.IllegalStateException: closing")
        .contains("Caused by: java.lang.IllegalArgumentException: inner")
        .doesNotEndWith("\n");
  }

  @Test
  void survivesAThrowableWhoseToStringFails() {
    Exception hostile =
        new Exception() {
          @Override
          public String toString() {
            throw new UnsupportedOperationException("no");
          }
        };

    assertThat(StackTraces.of(hostile)).contains("stack trace unavailable");
  }

  @Test
  void isNullForNoThrowable() {
    assertThat(StackTraces.of(null)).isNull();
  }
}
