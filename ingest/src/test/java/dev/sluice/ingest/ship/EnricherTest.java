package dev.sluice.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.ingest.parse.ParseResult;
import dev.sluice.ingest.parse.ParsedFields;
import dev.sluice.ingest.parse.Parsers;
import dev.sluice.model.LogEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnricherTest {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  private static ParsedFields auto(String line) {
    return ((ParseResult.Parsed) Parsers.byName("auto").parse(line)).fields();
  }

  @Test
  void theConfiguredServiceWinsOverASyslogTagWhichBecomesAnAttribute() {
    Enricher enricher = new Enricher("openssh", "shipper-host", "prod", Map.of());
    LogEvent e =
        enricher.event(
            auto("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186"),
            "raw",
            "f:0",
            "/var/log/secure",
            NOW,
            false);
    assertThat(e.getService()).isEqualTo("openssh");
    assertThat(e.getAttributes()).containsEntry("syslog.appname", "sshd");
    assertThat(e.getHost()).isEqualTo("LabSZ");
    assertThat(e.getMessage()).isEqualTo("Invalid user webmaster from 173.234.31.186");
  }

  @Test
  void aServiceTheRecordNamesExplicitlyStillWins() {
    Enricher enricher = new Enricher("checkout", "h", "prod", Map.of());
    LogEvent named =
        enricher.event(
            auto("{\"service\":\"payments\",\"msg\":\"paid\"}"), "raw", "f:0", "/a", NOW, false);
    assertThat(named.getService()).isEqualTo("payments");
    assertThat(enricher.event(auto("no service"), "raw", "f:1", "/a", NOW, false).getService())
        .isEqualTo("checkout");
  }

  @Test
  void withoutAConfiguredServiceTheTagIsTheService() {
    Enricher enricher = new Enricher(null, "h", "prod", Map.of());
    ParsedFields f = auto("<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 - 'su root' failed");
    assertThat(enricher.event(f, "raw", "f:0", "/a", NOW, false).getService()).isEqualTo("su");
  }
}
