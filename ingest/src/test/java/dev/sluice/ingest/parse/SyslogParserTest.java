package dev.sluice.ingest.parse;

import static dev.sluice.ingest.parse.ParserTesting.TIMESTAMPS;
import static dev.sluice.ingest.parse.ParserTesting.failure;
import static dev.sluice.ingest.parse.ParserTesting.parsed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

  @Test
  void readsRandomRfc5424MessagesIntoTheFieldsTheyWereMadeOf() {
    // SD-IDs and names of equal lengths and first letters share the parser's key slots; values
    // with escapes, backslashes that escape nothing, repeated names, nil header fields
    String[] ids = {"meta", "mexa", "origin", "exampleSDID@32473", "exampleSDID@32474"};
    String[] names = {"seq", "sex", "ip", "iut", "eventSource", "eventSourcf", "class"};
    String[] values = {
      "", "1", "a b", "high\\]x", "q\\\"uote", "back\\\\slash", "no\\nescape", "é", "end\\\\", "a]b"
    };
    SplittableRandom random = new SplittableRandom(5424);
    for (int m = 0; m < 3000; m++) {
      int pri = random.nextInt(192);
      String host = random.nextInt(4) == 0 ? null : "host-" + random.nextInt(30);
      String app = random.nextInt(4) == 0 ? null : "app" + random.nextInt(5);
      String procId = random.nextInt(3) == 0 ? null : String.valueOf(random.nextInt(99_999));
      String msgId = random.nextInt(2) == 0 ? null : "ID" + random.nextInt(50);
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("syslog.facility", f(pri));
      expected.put("syslog.severity", SEVERITIES[pri & 7]);
      if (app != null) {
        expected.put("syslog.appname", app);
      }
      if (procId != null) {
        expected.put("syslog.procid", procId);
      }
      if (msgId != null) {
        expected.put("syslog.msgid", msgId);
      }
      StringBuilder sd = new StringBuilder();
      int elements = random.nextInt(4);
      for (int e = 0; e < elements; e++) {
        String id = ids[random.nextInt(ids.length)];
        sd.append('[').append(id);
        int params = random.nextInt(4);
        for (int k = 0; k < params; k++) {
          String name = names[random.nextInt(names.length)];
          String raw = values[random.nextInt(values.length)];
          sd.append(' ').append(name).append("=\"").append(raw).append('"');
          expected.put(id + "." + name, unescaped(raw));
        }
        sd.append(']');
      }
      String message = random.nextInt(5) == 0 ? "" : "message " + m;
      String line =
          "<"
              + pri
              + ">1 2024-01-15T10:23:45."
              + (100 + m % 900)
              + "Z "
              + nil(host)
              + " "
              + nil(app)
              + " "
              + nil(procId)
              + " "
              + nil(msgId)
              + " "
              + (sd.length() == 0 ? "-" : sd)
              + (message.isEmpty() ? "" : " " + (random.nextBoolean() ? "\uFEFF" : "") + message);

      ParsedFields f = parsed(any, line);
      assertThat(new ArrayList<>(f.attributes.entrySet()))
          .as(line)
          .containsExactlyElementsOf(new ArrayList<>(expected.entrySet()));
      assertThat(f.host).as(line).isEqualTo(host);
      assertThat(f.service).as(line).isEqualTo(app);
      assertThat(f.message).as(line).isEqualTo(message);
      assertThat(f.eventTime).as(line).isEqualTo("2024-01-15T10:23:45." + (100 + m % 900) + "Z");
    }
  }

  private static final String[] SEVERITIES = {
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"
  };

  private static String f(int pri) {
    List<String> facilities =
        List.of(
            "kern",
            "user",
            "mail",
            "daemon",
            "auth",
            "syslog",
            "lpr",
            "news",
            "uucp",
            "cron",
            "authpriv",
            "ftp",
            "ntp",
            "security",
            "console",
            "solaris-cron",
            "local0",
            "local1",
            "local2",
            "local3",
            "local4",
            "local5",
            "local6",
            "local7");
    return facilities.get(pri >> 3);
  }

  private static String nil(String value) {
    return value == null ? "-" : value;
  }

  /** RFC 5424's PARAM-VALUE escapes: a backslash before '"', '\\' or ']' is dropped. */
  private static String unescaped(String raw) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length() && "\"\\]".indexOf(raw.charAt(i + 1)) >= 0) {
        out.append(raw.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
