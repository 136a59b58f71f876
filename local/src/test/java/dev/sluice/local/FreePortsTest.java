package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  @Test
  void neverHandsOutTheSamePortTwiceInOneJvm() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int port = FreePorts.next();
      assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
    }
  }

  @Test
  void handsOutPortsOutsideTheKernelsEphemeralRangeThatCanBeBound() throws IOException {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int low = 32_768;
    int high = 60_999;
    if (Files.isReadable(range)) {
      String[] bounds = Files.readAllLines(range).get(0).trim().split("\\s+");
      low = Integer.parseInt(bounds[0]);
      high = Integer.parseInt(bounds[1]);
    }
    for (int i = 0; i < 50; i++) {
      int port = FreePorts.next();
      assertThat(port).isBetween(1024, 65_535);
      assertThat(port >= low && port <= high).as("port %d in %d-%d", port, low, high).isFalse();
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void drawsBelowTheEphemeralRangeOrAboveItWhenThereIsNoRoomBelow() {
    assertThat(FreePorts.portsOutside(32_768, 60_999)).containsExactly(10_000, 32_768);
    assertThat(FreePorts.portsOutside(12_000, 50_000)).containsExactly(50_001, 65_536);
    assertThat(FreePorts.portsOutside(1_024, 65_535)).containsExactly(10_000, 65_536);
  }
}
