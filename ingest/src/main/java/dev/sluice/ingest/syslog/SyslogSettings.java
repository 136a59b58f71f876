package dev.sluice.ingest.syslog;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the syslog listeners are: a TCP address (optionally with TLS), a UDP address, the largest
 * frame, and whether a message that is not syslog goes to the rejects topic. Built only through
 * {@link Builder#build()}, which checks everything and says which flag or YAML key to fix.
 *
 * @param tcp where to listen for TCP (octet-counted or newline-framed), or null
 * @param udp where to listen for UDP (one message per datagram), or null
 * @param tlsCert PEM certificate chain for TLS on the TCP listener, or null for plain TCP
 * @param tlsKey PEM private key (PKCS#8) matching {@code tlsCert}, or null
 * @param maxFrameBytes longer messages are cut to this and flagged truncated
 * @param mustParse whether a message that is not syslog goes to the rejects topic (else it is
 *     shipped unparsed)
 */
public record SyslogSettings(
    InetSocketAddress tcp,
    InetSocketAddress udp,
    Path tlsCert,
    Path tlsKey,
    int maxFrameBytes,
    boolean mustParse) {
  /** Default largest frame: 64 KiB (rsyslog's default is 8 KiB, Vector's 100 KiB). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the TCP listener speaks TLS. */
  public boolean tls() {
    return tlsCert != null;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("syslog");
    if (tcp != null) s.append(tls() ? " tls " : " tcp ").append(tcp);
    if (udp != null) s.append(" udp ").append(udp);
    return s.append(" max-frame-bytes ").append(maxFrameBytes).toString();
  }

  /** Collects syslog options (later calls override earlier ones, so flags win over a file). */
  public static final class Builder {
    private String tcp;
    private String udp;
    private String tlsCert;
    private String tlsKey;
    private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
    private boolean mustParse;

    /** {@code [HOST:]PORT} for TCP; port 0 picks a free one. */
    public Builder tcp(String address) {
      this.tcp = address;
      return this;
    }

    /** {@code [HOST:]PORT} for UDP; port 0 picks a free one. */
    public Builder udp(String address) {
      this.udp = address;
      return this;
    }

    public Builder tlsCert(String file) {
      this.tlsCert = file;
      return this;
    }

    public Builder tlsKey(String file) {
      this.tlsKey = file;
      return this;
    }

    public Builder maxFrameBytes(int maxFrameBytes) {
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    public Builder mustParse(boolean mustParse) {
      this.mustParse = mustParse;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the flag (and YAML key) to fix
     */
    public SyslogSettings build() {
      if (tcp == null && udp == null) {
        throw new IllegalArgumentException(
            "syslog needs a listener: set --syslog-tcp and/or --syslog-udp (syslog.tcp, syslog.udp)");
      }
      InetSocketAddress tcpAddress = tcp == null ? null : address(tcp, "--syslog-tcp (syslog.tcp)");
      InetSocketAddress udpAddress = udp == null ? null : address(udp, "--syslog-udp (syslog.udp)");
      if ((tlsCert == null) != (tlsKey == null)) {
        throw new IllegalArgumentException(
            tlsCert == null
                ? "--syslog-tls-key (syslog.tls.key) needs --syslog-tls-cert (syslog.tls.cert),"
                    + " the PEM certificate chain"
                : "--syslog-tls-cert (syslog.tls.cert) needs --syslog-tls-key (syslog.tls.key),"
                    + " the PEM private key (PKCS#8)");
      }
      if (tlsCert != null && tcpAddress == null) {
        throw new IllegalArgumentException(
            "TLS applies to the TCP listener: set --syslog-tcp (syslog.tcp) as well");
      }
      Path cert = tlsCert == null ? null : readable(tlsCert, "--syslog-tls-cert (syslog.tls.cert)");
      Path key = tlsKey == null ? null : readable(tlsKey, "--syslog-tls-key (syslog.tls.key)");
      if (maxFrameBytes < 480 || maxFrameBytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "syslog max frame bytes (--syslog-max-frame-bytes, syslog.max-frame-bytes) must be"
                + " between 480 (RFC 3164's minimum) and 16777216, got "
                + maxFrameBytes);
      }
      return new SyslogSettings(tcpAddress, udpAddress, cert, key, maxFrameBytes, mustParse);
    }

    private static InetSocketAddress address(String text, String what) {
      String t = text.strip();
      String host = "0.0.0.0";
      String port = t;
      int colon = t.lastIndexOf(':');
      if (colon >= 0) {
        host = t.substring(0, colon);
        port = t.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
          host = "0.0.0.0";
        }
      }
      int number;
      try {
        number = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        number = -1;
      }
      if (number < 0 || number > 65535) {
        throw new IllegalArgumentException(
            what
                + " '"
                + text
                + "': the port must be a number from 0 to 65535, as in 6514 or 127.0.0.1:6514");
      }
      return new InetSocketAddress(host, number);
    }

    private static Path readable(String file, String what) {
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw new IllegalArgumentException(what + " " + file + ": no such file");
      }
      if (!Files.isReadable(path)) {
        throw new IllegalArgumentException(
            what + " " + file + ": not readable by this user (check its permissions)");
      }
      return path;
    }
  }
}
