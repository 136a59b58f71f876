package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.ParserTesting.TIMESTAMPS;
import static dev.sluice.ingest.parse.ParserTesting.failure;
import static dev.sluice.ingest.parse.ParserTesting.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import org.junit.jupiter.api.Test;

class SyslogParserTest {
  private final SyslogParser any = new SyslogParser(SyslogParser.Mode.ANY, TIMESTAMPS);

  @Test
  void readsTheRfc5424ExampleWithStructuredData() {
    ParsedFields f =
        parsed(
            any,
            "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\\]x\"] "
                + "\uFEFFAn application event log entry...");
    assertThat(f.eventTime).isEqualTo("2003-10-11T22:14:15.003Z");
    assertThat(f.host).isEqualTo("mymachine.example.com");
    assertThat(f.service).isEqualTo("evntslog");
    assertThat(f.level).isEqualTo(Level.INFO); // 165 = local4.notice
    assertThat(f.message).isEqualTo("An application event log entry...");
    assertThat(f.attributes)
        .containsEntry("syslog.facility", "local4")
        .containsEntry("syslog.severity", "notice")
        .containsEntry("syslog.msgid", "ID47")
        .containsEntry("exampleSDID@32473.iut", "3")
        .containsEntry("exampleSDID@32473.eventSource", "Application")
        .containsEntry("examplePriority@32473.class", "high]x")
        .doesNotContainKey("syslog.procid");
  }

  @Test
  void readsRfc5424WithNilValuesAndNoMessage() {
    ParsedFields f = parsed(any, "<11>1 - - - 42 - -");
    assertThat(f.eventTime).isNull();
    assertThat(f.host).isNull();
    assertThat(f.level).isEqualTo(Level.ERROR);
    assertThat(f.attributes).containsEntry("syslog.procid", "42");
    assertThat(f.message).isEmpty();
  }

  @Test
  void readsRfc3164WithAndWithoutPri() {
    ParsedFields f =
        parsed(
            any,
            "<34>Oct 11 22:14:15 mymachine su[231]: 'su root' failed for lonvick on /dev/pts/8");
    assertThat(f.eventTime).isEqualTo("2023-10-11T22:14:15Z");
    assertThat(f.level).isEqualTo(Level.FATAL); // 34 = auth.crit
    assertThat(f.host).isEqualTo("mymachine");
    assertThat(f.service).isEqualTo("su");
    assertThat(f.attributes)
        .containsEntry("syslog.procid", "231")
        .containsEntry("syslog.facility", "auth");
    assertThat(f.message).isEqualTo("'su root' failed for lonvick on /dev/pts/8");

    ParsedFields file =
        parsed(any, "Mar  9 06:25:01 web-1 CRON[4242]: (root) CMD (run-parts /etc/cron.hourly)");
    assertThat(file.eventTime).isEqualTo("2024-03-09T06:25:01Z");
    assertThat(file.service).isEqualTo("CRON");
    assertThat(file.level).isEqualTo(Level.UNKNOWN);

    ParsedFields kernel = parsed(any, "Mar  9 06:25:01 web-1 kernel: WARNING: CPU: 1 PID: 0 at x");
    assertThat(kernel.level).isEqualTo(Level.WARN);

    ParsedFields rsyslog = parsed(any, "<30>2024-01-15T10:23:45.123+01:00 web-1 nginx: started");
    assertThat(rsyslog.eventTime).isEqualTo("2024-01-15T09:23:45.123Z");
  }

  @Test
  void honoursItsMode() {
    SyslogParser only5424 = new SyslogParser(SyslogParser.Mode.RFC5424, TIMESTAMPS);
    SyslogParser only3164 = new SyslogParser(SyslogParser.Mode.RFC3164, TIMESTAMPS);
    assertThat(failure(only5424, "<34>Oct 11 22:14:15 mymachine su: x")).contains("no RFC 5424");
    assertThat(failure(only3164, "<165>1 2003-10-11T22:14:15.003Z h a - - - m"))
        .contains("RFC 5424");
  }

  @Test
  void failsOnMalformedHeaders() {
    assertThat(failure(any, "<999>1 2003-10-11T22:14:15Z h a - - - m")).contains("bad PRI");
    assertThat(failure(any, "<13>1 2003-13-11T22:14:15Z h a - - - m")).contains("bad timestamp");
    assertThat(failure(any, "<13>1 2003-10-11T22:14:15Z h a - - [unterminated x=\"1 m"))
        .contains("structured data");
    assertThat(failure(any, "<13>Foo 11 22:14:15 h a: m")).contains("no timestamp");
    assertThat(failure(any, "hello world")).contains("no timestamp");
  }
}
