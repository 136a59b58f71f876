package dev.sluice.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The table's defaults are the ones help shows and the ones the builders start from. */
class ShipSettingsDefaultsTest {
  /** How each setting with a default is read back from a config built without giving it. */
  private static final Map<String, Function<ShipperConfig, Object>> BUILT = new LinkedHashMap<>();

  static {
    BUILT.put("host", ShipperConfig::host);
    BUILT.put("read-from", c -> c.files().readFrom());
    BUILT.put("max-line-bytes", c -> c.files().maxLineBytes());
    BUILT.put("close-inactive", c -> c.files().closeInactive());
    BUILT.put("partial-line-timeout", c -> c.files().partialLineTimeout());
    BUILT.put("scan-interval", c -> c.files().scanInterval());
    BUILT.put("checkpoint-interval", c -> c.files().checkpointInterval());
    BUILT.put("state-retention", c -> c.files().stateRetention());
    BUILT.put("kafka.topic", c -> c.kafka().topic());
    BUILT.put("kafka.rejects-topic", c -> c.kafka().rejectsTopic());
    BUILT.put("kafka.compression", c -> c.kafka().compression());
    BUILT.put("kafka.linger-ms", c -> c.kafka().lingerMs());
    BUILT.put("kafka.batch-size", c -> c.kafka().batchSize());
    BUILT.put("queue.max-bytes", ShipperConfig::maxInFlightBytes);
    BUILT.put("metrics.port", ShipperConfig::metricsPort);
    BUILT.put("metrics.status-interval", ShipperConfig::statusInterval);
    BUILT.put("http.max-body-bytes", c -> (long) c.http().maxBodyBytes());
    BUILT.put("http.ack-timeout", c -> c.http().ackTimeout());
  }

  /** Read back from a config with syslog listeners (they cannot share a process with files). */
  private static final Map<String, Function<ShipperConfig, Object>> BUILT_SYSLOG =
      Map.of("syslog.max-frame-bytes", c -> c.syslog().maxFrameBytes());

  @Test
  void everyDefaultWithAFlagIsShownInItsHelpAndWrittenNowhereElse() {
    int shown = 0;
    for (ShipSetting<?> setting : ShipSettings.ALL) {
      if (setting.flag() == null) {
        continue;
      }
      assertThat(setting.description()).as(setting.path()).doesNotContainIgnoringCase("default");
      if (setting.defaultSupplier() != null) {
        assertThat(setting.help())
            .as(setting.path())
            .contains("(default: " + setting.defaultText() + ")")
            .endsWith(".");
        shown++;
      } else {
        assertThat(setting.help()).as(setting.path()).isEqualTo(setting.description());
      }
    }
    assertThat(shown).isGreaterThanOrEqualTo(10);
    assertThat(ShipSettings.at("kafka.linger-ms").help())
        .isEqualTo("Producer linger.ms (default: 20).");
  }

  @Test
  void theBuildersStartFromTheTablesDefaults() {
    ShipperConfig.Builder files =
        ShipperConfig.builder()
            .service("svc")
            .source(List.of("/var/log/*.log"), "svc", null, false, Map.of())
            .stateDir(Path.of("state"))
            .bootstrapServers("localhost:9092");
    files.http().listen("127.0.0.1:0");
    ShipperConfig.Builder syslog =
        ShipperConfig.builder().stateDir(Path.of("state")).bootstrapServers("localhost:9092");
    syslog.syslog().tcp("127.0.0.1:0");
    Set<String> checked = new HashSet<>();
    check(BUILT, files.build(), checked);
    check(BUILT_SYSLOG, syslog.build(), checked);
    for (ShipSetting<?> setting : ShipSettings.ALL) {
      if (setting.defaultSupplier() != null && !setting.path().equals("state-dir")) {
        assertThat(checked).as("a builder check for " + setting.path()).contains(setting.path());
      }
    }
  }

  @Test
  void theStateDirectoryDefaultsToTheUsersHome() {
    assertThat(ShipSettings.<Path>defaultValue("state-dir"))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".sluice", "ship"));
  }

  private static void check(
      Map<String, Function<ShipperConfig, Object>> readers,
      ShipperConfig config,
      Set<String> checked) {
    readers.forEach(
        (path, read) -> {
          assertThat(read.apply(config))
              .as(path)
              .isNotNull()
              .isEqualTo(ShipSettings.at(path).defaultValue());
          checked.add(path);
        });
  }
}
