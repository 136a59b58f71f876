package dev.sluice.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds free TCP ports on the loopback interface for servers that must be told their port before
 * they start (a KRaft broker's listeners and controller quorum, S3, Flink's REST endpoint).
 *
 * <p>Guarantees: a port handed out was free on 127.0.0.1 a moment ago; it lies outside the kernel's
 * ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768–60999 by default), so no
 * outgoing connection of any process can be given it between this call and the server's bind; and
 * within one JVM no port is handed out twice. (Both failures happened: the kernel gave two probes
 * in a row the same ephemeral port, and a broker's probed ephemeral port was taken before it bound
 * it.) Another process can still bind the same port first; that is as unlikely as two random draws
 * from the ~20,000 ports below the range meeting.
 */
public final class FreePorts {
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;
  private static final int MAX_ATTEMPTS = 1_000;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();
  private static int[] range;

  private FreePorts() {}

  /** A port that was free on 127.0.0.1 a moment ago and that this JVM has not handed out before. */
  public static synchronized int next() {
    int[] r = range();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(r[0], r[1]);
      if (!HANDED_OUT.contains(port) && isFree(port)) {
        HANDED_OUT.add(port);
        return port;
      }
    }
    throw new IllegalStateException(
        "no free loopback port in "
            + r[0]
            + "-"
            + (r[1] - 1)
            + " after "
            + MAX_ATTEMPTS
            + " tries");
  }

  /** The ports to draw from, {@code [from, to)}: below the ephemeral range, or above it. */
  static int[] portsOutside(int ephemeralLow, int ephemeralHigh) {
    if (ephemeralLow - LOWEST >= 5_000) {
      return new int[] {LOWEST, ephemeralLow};
    }
    if (65_536 - (ephemeralHigh + 1) >= 2_000) {
      return new int[] {ephemeralHigh + 1, 65_536};
    }
    return new int[] {LOWEST, 65_536}; // nearly everything is ephemeral: no way around it
  }

  private static int[] range() {
    if (range == null) {
      int low = 32_768;
      int high = 60_999;
      // read by line: Files.readString gets one byte of this /proc file, whose size reads as 0
      try (BufferedReader in =
          Files.newBufferedReader(EPHEMERAL_RANGE, StandardCharsets.US_ASCII)) {
        String[] bounds = in.readLine().trim().split("\\s+");
        low = Integer.parseInt(bounds[0]);
        high = Integer.parseInt(bounds[1]);
      } catch (IOException | RuntimeException e) {
        // not Linux, or unreadable: Linux's default range
      }
      range = portsOutside(low, high);
    }
    return range;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
