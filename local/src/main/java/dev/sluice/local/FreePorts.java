package dev.sluice.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds free TCP ports on the loopback interface.
 *
 * <p>Guarantee: within one JVM no port is handed out twice. The kernel may give the same ephemeral
 * port to two binds in a row once the first socket is closed, and a broker configured with that
 * port for two listeners fails to start ("two listeners on the same port"), so ports already given
 * out are skipped. A port can still be taken by another process between this call and the bind.
 */
public final class FreePorts {
  private static final int MAX_ATTEMPTS = 100;
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /** A port that was free on 127.0.0.1 a moment ago and that this JVM has not handed out before. */
  public static synchronized int next() {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      int port = probe();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no loopback port that was not handed out already after " + MAX_ATTEMPTS + " attempts");
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }
}
