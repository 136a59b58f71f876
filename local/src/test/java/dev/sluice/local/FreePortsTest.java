package dev.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

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
      assertThat(port).isBetween(1, 65_535);
    }
  }
}
