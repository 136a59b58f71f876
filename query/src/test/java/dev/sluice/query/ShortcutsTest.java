package dev.sluice.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.Level;
import dev.sluice.query.shortcut.Shortcuts;
import dev.sluice.query.shortcut.Since;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShortcutsTest {
  @Test
  void parsesPeriods() {
    assertThat(Since.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Since.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Since.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Since.parse("15 minutes")).isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> Since.parse("yesterday"))
        .hasMessageContaining("use a positive duration such as");
    assertThatThrownBy(() -> Since.parse("0h")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void logsQueryBoundsTimeAndQuotesValues() {
    String sql =
        Shortcuts.logs(
            "o'brien", Level.ERROR, Instant.parse("2026-11-25T10:15:00Z"), "Time'out", 50);
    assertThat(sql)
        .contains("eventTime >= TIMESTAMP '2026-11-25 10:15:00.000'")
        .contains("service = 'o''brien'")
        .contains("level IN ('ERROR', 'FATAL')")
        .contains("POSITION('time''out' IN LOWER(message)) > 0")
        .endsWith("LIMIT 50");
  }
}
