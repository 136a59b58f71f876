package dev.sluice.ingest.multiline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultilineAggregatorTest {
  private final ManualClock clock = new ManualClock();

  /** Feeds the lines as a file with '\n' terminators would hold them; collects every record. */
  private List<MultilineRecord> feed(MultilineAggregator aggregator, String... lines) {
    List<MultilineRecord> out = new ArrayList<>();
    long offset = 0;
    for (String line : lines) {
      long end = offset + line.getBytes(StandardCharsets.UTF_8).length + 1;
      MultilineRecord record = aggregator.add(line, offset, end);
      if (record != null) {
        out.add(record);
      }
      offset = end;
    }
    MultilineRecord last = aggregator.flush();
    if (last != null) {
      out.add(last);
    }
    return out;
  }

  @Test
  void mergesAJavaStackTraceWithCausesIntoTheLineBefore() {
    List<MultilineRecord> records =
        feed(
            MultilineOptions.defaults().newAggregator(clock),
            "2024-01-15 10:23:45.123 [main] INFO  a.B - before",
            "2024-01-15 10:23:46.000 [main] ERROR a.B - Payment failed",
            "java.lang.IllegalStateException: gateway timeout",
            "\tat com.shop.Pay.call(Pay.java:17)",
            "\tat com.shop.Order.place(Order.java:42)",
            "Caused by: java.net.SocketTimeoutException: Read timed out",
            "\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:1)",
            "\t... 12 more",
            "2024-01-15 10:23:47.000 [main] INFO  a.B - after");
    assertThat(records).extracting(MultilineRecord::lineCount).containsExactly(1, 7, 1);
    assertThat(records.get(1).text())
        .startsWith(
            "2024-01-15 10:23:46.000 [main] ERROR a.B - Payment failed\njava.lang.IllegalStateException")
        .endsWith("\t... 12 more");
    assertThat(records.get(1).truncated()).isFalse();
  }

  @Test
  void mergesPythonTracebacksIncludingTheExceptionLineAndChains() {
    List<MultilineRecord> records =
        feed(
            MultilineOptions.defaults().newAggregator(clock),
            "2024-01-15 10:23:45,123 - app - ERROR - lookup failed",
            "Traceback (most recent call last):",
            "  File \"app.py\", line 3, in <module>",
            "    d['x']",
            "KeyError: 'x'",
            "",
            "During handling of the above exception, another exception occurred:",
            "",
            "Traceback (most recent call last):",
            "  File \"app.py\", line 5, in <module>",
            "ValueError: bad value",
            "2024-01-15 10:23:46,000 - app - INFO - next");
    assertThat(records).hasSize(2);
    assertThat(records.get(0).text()).endsWith("ValueError: bad value");
    assertThat(records.get(0).lineCount()).isEqualTo(11);
    assertThat(records.get(1).text()).isEqualTo("2024-01-15 10:23:46,000 - app - INFO - next");
  }

  @Test
  void keepsOffsetsContiguousFromFirstLineToPastTheLast() {
    List<MultilineRecord> records =
        feed(MultilineOptions.defaults().newAggregator(clock), "héllo", "\tat x", "next", "last");
    assertThat(records).hasSize(3);
    assertThat(records.get(0).startOffset()).isZero();
    assertThat(records.get(0).endOffset()).isEqualTo(7 + 6); // "héllo\n" is 7 bytes, "\tat x\n" 6
    assertThat(records.get(1).startOffset()).isEqualTo(records.get(0).endOffset());
    assertThat(records.get(2).startOffset()).isEqualTo(records.get(1).endOffset());
    assertThat(records.get(2).endOffset()).isEqualTo(13 + 5 + 5);
  }

  @Test
  void reportsThePendingStartOffsetAsTheSafePosition() {
    MultilineAggregator aggregator = MultilineOptions.defaults().newAggregator(clock);
    assertThat(aggregator.pendingStartOffset()).isEqualTo(-1);
    assertThat(aggregator.add("first", 0, 6)).isNull();
    assertThat(aggregator.pendingStartOffset()).isZero();
    assertThat(aggregator.add("\tat x", 6, 12)).isNull();
    MultilineRecord first = aggregator.add("second", 12, 19);
    assertThat(first.endOffset()).isEqualTo(12);
    assertThat(aggregator.pendingStartOffset()).isEqualTo(12);
    assertThat(aggregator.flush().endOffset()).isEqualTo(19);
    assertThat(aggregator.pendingStartOffset()).isEqualTo(-1);
    assertThat(aggregator.flush()).isNull();
  }

  @Test
  void releasesTheLastRecordAfterTheFlushTimeoutOnly() {
    MultilineAggregator aggregator =
        MultilineOptions.builder().flushTimeout(Duration.ofSeconds(5)).build().newAggregator(clock);
    aggregator.add("ERROR boom", 0, 11);
    clock.advance(Duration.ofSeconds(3));
    aggregator.add("\tat x", 11, 17);
    clock.advance(Duration.ofSeconds(4));
    assertThat(aggregator.pollTimeout()).isNull(); // 4 s since the last line
    clock.advance(Duration.ofSeconds(1));
    MultilineRecord record = aggregator.pollTimeout();
    assertThat(record.text()).isEqualTo("ERROR boom\n\tat x");
    assertThat(aggregator.pollTimeout()).isNull();
  }

  @Test
  void followsAStartPattern() {
    MultilineAggregator aggregator =
        MultilineOptions.builder()
            .startPattern("^\\d{4}-\\d{2}-\\d{2}")
            .build()
            .newAggregator(clock);
    List<MultilineRecord> records =
        feed(
            aggregator,
            "orphan before any start",
            "2024-01-15 a",
            "not indented but continues",
            "2024-01-15 b");
    assertThat(records)
        .extracting(MultilineRecord::text)
        .containsExactly(
            "orphan before any start", "2024-01-15 a\nnot indented but continues", "2024-01-15 b");
  }

  @Test
  void followsAContinuationPattern() {
    MultilineAggregator aggregator =
        MultilineOptions.builder().continuationPattern("^>").build().newAggregator(clock);
    List<MultilineRecord> records =
        feed(aggregator, "a", "> b", "> c", "d", "\tindented starts", "e");
    assertThat(records)
        .extracting(MultilineRecord::text)
        .containsExactly("a\n> b\n> c", "d", "\tindented starts", "e");
  }

  @Test
  void passesEveryLineThroughInModeNone() {
    MultilineAggregator aggregator = MultilineOptions.builder().none().build().newAggregator(clock);
    MultilineRecord record = aggregator.add("\tindented", 5, 15);
    assertThat(record).isEqualTo(new MultilineRecord("\tindented", 5, 15, 1, false));
    assertThat(aggregator.pendingStartOffset()).isEqualTo(-1);
  }

  @Test
  void truncatesAnOversizedLineAndFlagsIt() {
    MultilineAggregator aggregator =
        MultilineOptions.builder().maxChars(10).build().newAggregator(clock);
    List<MultilineRecord> records = feed(aggregator, "x".repeat(10 * 1024 * 1024), "next");
    assertThat(records).hasSize(2);
    assertThat(records.get(0).text()).isEqualTo("x".repeat(10));
    assertThat(records.get(0).truncated()).isTrue();
    assertThat(records.get(0).endOffset()).isEqualTo(10 * 1024 * 1024 + 1);
    assertThat(records.get(1).truncated()).isFalse();
  }

  @Test
  void cutsARecordAtItsSizeWithoutSplittingSurrogatesAndStartsTheRestAnew() {
    MultilineAggregator aggregator =
        MultilineOptions.builder().maxChars(12).build().newAggregator(clock);
    List<MultilineRecord> records = feed(aggregator, "ERROR x", "\tat 😀😀", "\tat more", "next");
    assertThat(records.get(0).text()).isEqualTo("ERROR x\n\tat ");
    assertThat(records.get(0).truncated()).isTrue();
    assertThat(records.get(0).lineCount()).isEqualTo(2);
    assertThat(records.get(1).text()).isEqualTo("\tat more");
    assertThat(records.get(1).startOffset()).isEqualTo(records.get(0).endOffset());
    assertThat(records.get(2).text()).isEqualTo("next");
  }

  @Test
  void cutsARecordAtItsLineLimitOnlyWhenItGoesOn() {
    MultilineAggregator aggregator =
        MultilineOptions.builder().maxLines(3).build().newAggregator(clock);
    List<MultilineRecord> exact = feed(aggregator, "ERROR", "\tat a", "\tat b", "next");
    assertThat(exact.get(0).truncated()).isFalse();
    List<MultilineRecord> over = feed(aggregator, "ERROR", "\tat a", "\tat b", "\tat c", "next");
    assertThat(over).extracting(MultilineRecord::lineCount).containsExactly(3, 1, 1);
    assertThat(over.get(0).truncated()).isTrue();
  }

  @Test
  void recognisesJavaExceptionHeaders() {
    assertThat(StackTraceRule.isJavaExceptionHeader("java.lang.NullPointerException")).isTrue();
    assertThat(StackTraceRule.isJavaExceptionHeader("org.postgresql.util.PSQLException: ERROR: x"))
        .isTrue();
    assertThat(StackTraceRule.isJavaExceptionHeader("java.lang.OutOfMemoryError: Java heap space"))
        .isTrue();
    assertThat(StackTraceRule.isJavaExceptionHeader("Exception in thread \"main\" x")).isFalse();
    assertThat(StackTraceRule.isJavaExceptionHeader("app.ready: server started")).isFalse();
    assertThat(StackTraceRule.isJavaExceptionHeader("2024-01-15 ERROR")).isFalse();
  }

  @Test
  void rejectsBadOptionsWithTheSettingToFix() {
    assertThatThrownBy(() -> MultilineOptions.builder().startPattern("(").build())
        .hasMessageContaining("start pattern does not compile");
    assertThatThrownBy(() -> MultilineOptions.builder().maxChars(0).build())
        .hasMessageContaining("max size");
    assertThatThrownBy(() -> MultilineOptions.builder().flushTimeout(Duration.ZERO).build())
        .hasMessageContaining("flush timeout");
  }
}
