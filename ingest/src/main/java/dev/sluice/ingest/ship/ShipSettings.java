package dev.sluice.ingest.ship;

import static dev.sluice.ingest.ship.ShipSetting.Type.BOOLEAN;
import static dev.sluice.ingest.ship.ShipSetting.Type.DURATION;
import static dev.sluice.ingest.ship.ShipSetting.Type.INT;
import static dev.sluice.ingest.ship.ShipSetting.Type.LONG;
import static dev.sluice.ingest.ship.ShipSetting.Type.MAP;
import static dev.sluice.ingest.ship.ShipSetting.Type.PATH;
import static dev.sluice.ingest.ship.ShipSetting.Type.READ_FROM;
import static dev.sluice.ingest.ship.ShipSetting.Type.TEXT;

import dev.sluice.ingest.file.FileSourceOptions;
import dev.sluice.ingest.file.ReadFrom;
import dev.sluice.ingest.http.HttpSourceConfig;
import dev.sluice.ingest.syslog.SyslogSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Every shipper setting, each defined once (YAML key, flags, type, help, how it applies, default),
 * in the order {@code sluice ship --help} lists their flags. The per-file {@code sources:} list is
 * read by {@link ShipperConfigYaml}; the command's own flags that build an input ({@code --path},
 * {@code --parser}, {@code --stdin}, …) and the demo's are not settings of the file. The builders
 * ({@link ShipperConfig.Builder}, {@link FileFollowing.Builder}, {@link KafkaOptions}) start from
 * the defaults here ({@link #defaultValue(String)}); the HTTP and syslog ones, in packages the
 * shipper uses, keep their constants, which the table names.
 */
public final class ShipSettings {
  private ShipSettings() {}

  /** The table. */
  public static final List<ShipSetting<?>> ALL =
      List.of(
          s(
              "service",
              "--service",
              null,
              TEXT,
              "Service name of the events (the Kafka key).",
              ShipperConfig.Builder::service),
          s("host", "--host", null, TEXT, "Host of the events.", ShipperConfig.Builder::host)
              .withDefault(ShipSettings::localHostName, "this machine's name"),
          s(
              "environment",
              "--env",
              null,
              TEXT,
              "Environment of the events, e.g. prod.",
              ShipperConfig.Builder::environment),
          yamlOnly("labels", MAP, (b, m) -> m.forEach(b::label)),
          s(
                  "state-dir",
                  "--state-dir",
                  "DIR",
                  PATH,
                  "Where read positions are kept.",
                  ShipperConfig.Builder::stateDir)
              .withDefault(
                  () -> Path.of(System.getProperty("user.home"), ".sluice", "ship"),
                  "~/.sluice/ship"),
          s(
                  "read-from",
                  "--read-from",
                  "beginning|end",
                  READ_FROM,
                  "Where to start in files never seen that exist at start-up.",
                  (b, v) -> b.files().readFrom(v))
              .withDefault(() -> ReadFrom.BEGINNING, "beginning"),
          s(
              "gzip",
              "--gzip",
              null,
              BOOLEAN,
              "Also read matched .gz files (compressed rotations).",
              (b, v) -> b.files().gzip(v)),
          s(
                  "max-line-bytes",
                  "--max-line-bytes",
                  null,
                  INT,
                  "Longer lines are cut and flagged.",
                  (b, v) -> b.files().maxLineBytes(v))
              .withDefault(() -> 256 * 1024, null),
          yamlOnly("close-inactive", DURATION, (b, v) -> b.files().closeInactive(v))
              .withDefault(() -> Duration.ofMinutes(5), "5m"),
          yamlOnly("partial-line-timeout", DURATION, (b, v) -> b.files().partialLineTimeout(v))
              .withDefault(() -> FileSourceOptions.DEFAULT_PARTIAL_LINE_TIMEOUT, "5s"),
          yamlOnly("scan-interval", DURATION, (b, v) -> b.files().scanInterval(v))
              .withDefault(() -> Duration.ofSeconds(1), "1s"),
          yamlOnly("checkpoint-interval", DURATION, (b, v) -> b.files().checkpointInterval(v))
              .withDefault(() -> Duration.ofSeconds(1), "1s"),
          yamlOnly("state-retention", DURATION, (b, v) -> b.files().stateRetention(v))
              .withDefault(() -> Duration.ofDays(7), "7d"),
          s(
              "kafka.bootstrap-servers",
              List.of("-b", "--bootstrap-servers"),
              "HOST:PORT",
              TEXT,
              "Kafka bootstrap servers.",
              (b, v) -> b.kafka().bootstrapServers(v)),
          s("kafka.topic", "--topic", null, TEXT, "Events topic.", (b, v) -> b.kafka().topic(v))
              .withDefault(() -> "logs", null),
          s(
                  "kafka.rejects-topic",
                  "--rejects-topic",
                  null,
                  TEXT,
                  "Rejects topic.",
                  (b, v) -> b.kafka().rejectsTopic(v))
              .withDefault(() -> "logs.rejects", null),
          s(
                  "kafka.compression",
                  "--compression",
                  null,
                  TEXT,
                  "zstd, lz4, snappy, gzip or none.",
                  (b, v) -> b.kafka().compression(v))
              .withDefault(() -> "zstd", null),
          s(
                  "kafka.linger-ms",
                  "--linger-ms",
                  null,
                  INT,
                  "Producer linger.ms.",
                  (b, v) -> b.kafka().lingerMs(v))
              .withDefault(() -> 20, null),
          s(
                  "kafka.batch-size",
                  "--batch-size",
                  null,
                  INT,
                  "Producer batch.size in bytes.",
                  (b, v) -> b.kafka().batchSize(v))
              .withDefault(() -> 256 * 1024, null),
          s(
              "kafka.properties",
              List.of("-X", "--kafka-property"),
              "KEY=VALUE",
              MAP,
              "Any Kafka client property (repeatable), e.g. -X security.protocol=SASL_SSL."
                  + " Values may be $${env:NAME} or $${file:/path} to keep secrets out of the"
                  + " command.",
              (b, m) -> m.forEach(b.kafka()::property)),
          s(
                  "queue.max-bytes",
                  "--queue-max-bytes",
                  null,
                  LONG,
                  "Unacknowledged bytes at most; beyond it reading pauses.",
                  ShipperConfig.Builder::maxInFlightBytes)
              .withDefault(() -> 16L * 1024 * 1024, "16 MiB"),
          s(
                  "metrics.port",
                  "--metrics-port",
                  null,
                  INT,
                  "Serve Prometheus metrics on this port; 0: any free port.",
                  ShipperConfig.Builder::metricsPort)
              .withDefault(() -> -1, "off"),
          s(
                  "metrics.status-interval",
                  "--status-interval",
                  "DURATION",
                  DURATION,
                  "Print a status line to stderr this often, e.g. 30s; 0s turns it off.",
                  ShipperConfig.Builder::statusInterval)
              .withDefault(() -> Duration.ofSeconds(30), "30s"),
          s(
              "stop-at-eof",
              "--stop-at-eof",
              null,
              BOOLEAN,
              "Stop once every file is read to its end and delivered (backfill).",
              (b, v) -> b.files().stopAtEof(v)),
          s(
              "http.listen",
              "--http",
              "[HOST:]PORT",
              TEXT,
              "Take logs over HTTP on this address: POST /logs (JSON lines), POST /v1/logs (OTLP"
                  + " protobuf or JSON). Answered 2xx only once Kafka acknowledged.",
              (b, v) -> b.http().listen(v)),
          s(
              "http.token",
              "--http-token",
              "SECRET-REF",
              TEXT,
              "Require Authorization: Bearer <token>; give it as $${env:NAME} or $${file:/path}.",
              (b, v) -> b.http().token(v)),
          s(
                  "http.max-body-bytes",
                  "--http-max-body-bytes",
                  "N",
                  LONG,
                  "Largest request body after decompression; larger: 413.",
                  (b, v) -> b.http().maxBodyBytes(v))
              .withDefault(() -> (long) HttpSourceConfig.DEFAULT_MAX_BODY_BYTES, null),
          s(
              "http.tls-cert",
              "--http-tls-cert",
              "FILE",
              PATH,
              "PEM certificate chain.",
              (b, v) -> b.http().tlsCert(v)),
          s(
              "http.tls-key",
              "--http-tls-key",
              "FILE",
              PATH,
              "PEM private key (PKCS#8) of --http-tls-cert.",
              (b, v) -> b.http().tlsKey(v)),
          yamlOnly("http.ack-timeout", DURATION, (b, v) -> b.http().ackTimeout(v))
              .withDefault(() -> HttpSourceConfig.DEFAULT_ACK_TIMEOUT, "5s"),
          yamlOnly("http.service", TEXT, (b, v) -> b.http().service(v)),
          yamlOnly("http.labels", MAP, (b, m) -> m.forEach(b.http()::label)),
          s(
              "syslog.tcp",
              "--syslog-tcp",
              "[HOST:]PORT",
              TEXT,
              "Receive syslog (RFC 3164/5424) over TCP, octet-counted or newline-framed, e.g."
                  + " 6514 or 127.0.0.1:6514.",
              (b, v) -> b.syslog().tcp(v)),
          s(
              "syslog.udp",
              "--syslog-udp",
              "[HOST:]PORT",
              TEXT,
              "Receive syslog over UDP, one message per datagram, e.g. 514.",
              (b, v) -> b.syslog().udp(v)),
          s(
              "syslog.tls.cert",
              "--syslog-tls-cert",
              "FILE",
              TEXT,
              "TLS on --syslog-tcp: PEM certificate chain (needs --syslog-tls-key).",
              (b, v) -> b.syslog().tlsCert(v)),
          s(
              "syslog.tls.key",
              "--syslog-tls-key",
              "FILE",
              TEXT,
              "TLS on --syslog-tcp: unencrypted PEM PKCS#8 private key.",
              (b, v) -> b.syslog().tlsKey(v)),
          s(
                  "syslog.max-frame-bytes",
                  "--syslog-max-frame-bytes",
                  "BYTES",
                  INT,
                  "Longer syslog messages are cut and flagged truncated.",
                  (b, v) -> b.syslog().maxFrameBytes(v))
              .withDefault(() -> SyslogSettings.DEFAULT_MAX_FRAME_BYTES, null),
          yamlOnly("syslog.must-parse", BOOLEAN, (b, v) -> b.syslog().mustParse(v)));

  /** The setting at a YAML path, or null. */
  public static ShipSetting<?> at(String path) {
    for (ShipSetting<?> setting : ALL) {
      if (setting.path().equals(path)) {
        return setting;
      }
    }
    return null;
  }

  /**
   * The default of the setting at a YAML path, as the builders start from it.
   *
   * @throws IllegalStateException if there is no such setting or it has no default
   */
  @SuppressWarnings("unchecked")
  public static <T> T defaultValue(String path) {
    ShipSetting<?> setting = at(path);
    if (setting == null || setting.defaultSupplier() == null) {
      throw new IllegalStateException("no shipper setting with a default at " + path);
    }
    return (T) setting.defaultValue();
  }

  /** {@code $HOSTNAME}, else the name the machine resolves itself to, else {@code unknown}. */
  static String localHostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  private static <T> ShipSetting<T> s(
      String path,
      String flag,
      String label,
      ShipSetting.Type<T> type,
      String description,
      BiConsumer<ShipperConfig.Builder, T> apply) {
    return s(path, List.of(flag), label, type, description, apply);
  }

  private static <T> ShipSetting<T> s(
      String path,
      List<String> flags,
      String label,
      ShipSetting.Type<T> type,
      String description,
      BiConsumer<ShipperConfig.Builder, T> apply) {
    return new ShipSetting<>(path, flags, label, type, description, apply, null, null);
  }

  private static <T> ShipSetting<T> yamlOnly(
      String path, ShipSetting.Type<T> type, BiConsumer<ShipperConfig.Builder, T> apply) {
    return new ShipSetting<>(path, List.of(), null, type, null, apply, null, null);
  }
}
