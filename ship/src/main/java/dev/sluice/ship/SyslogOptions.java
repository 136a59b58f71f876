package dev.sluice.ship;

import dev.sluice.ingest.ship.ShipperConfig;
import picocli.CommandLine.Option;

/**
 * The {@code sluice ship} flags of the syslog and stdin inputs, applied on top of a configuration
 * file's {@code syslog:} section (flags win).
 */
public final class SyslogOptions {
  @Option(
      names = "--syslog-tcp",
      paramLabel = "[HOST:]PORT",
      description =
          "Receive syslog (RFC 3164/5424) over TCP, octet-counted or newline-framed, e.g. 6514 or"
              + " 127.0.0.1:6514.")
  String tcp;

  @Option(
      names = "--syslog-udp",
      paramLabel = "[HOST:]PORT",
      description = "Receive syslog over UDP, one message per datagram, e.g. 514.")
  String udp;

  @Option(
      names = "--syslog-tls-cert",
      paramLabel = "FILE",
      description = "TLS on --syslog-tcp: PEM certificate chain (needs --syslog-tls-key).")
  String tlsCert;

  @Option(
      names = "--syslog-tls-key",
      paramLabel = "FILE",
      description = "TLS on --syslog-tcp: unencrypted PEM PKCS#8 private key.")
  String tlsKey;

  @Option(
      names = "--syslog-max-frame-bytes",
      paramLabel = "BYTES",
      description = "Longer syslog messages are cut and flagged truncated (default: 65536).")
  Integer maxFrameBytes;

  @Option(
      names = "--stdin",
      description =
          "Ship standard input (needs --service); exits 0 once it ended and Kafka acknowledged"
              + " everything.")
  boolean stdin;

  /** Adds what was given to {@code b}; {@code mustParse} is the shared --must-parse flag. */
  void applyTo(ShipperConfig.Builder b, String parser, String regex, boolean mustParse) {
    if (tcp != null || udp != null || tlsCert != null || tlsKey != null || maxFrameBytes != null) {
      if (tcp != null) b.syslog().tcp(tcp);
      if (udp != null) b.syslog().udp(udp);
      if (tlsCert != null) b.syslog().tlsCert(tlsCert);
      if (tlsKey != null) b.syslog().tlsKey(tlsKey);
      if (maxFrameBytes != null) b.syslog().maxFrameBytes(maxFrameBytes);
      if (mustParse) b.syslog().mustParse(true);
    }
    if (stdin) {
      b.stdin(parser, regex, mustParse, null);
    }
  }
}
