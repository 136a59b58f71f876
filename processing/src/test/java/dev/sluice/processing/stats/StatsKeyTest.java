package dev.sluice.processing.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link StatsKey}'s hash is the one keys had in earlier savepoints ({@code Objects.hash}): it
 * decides each key's key group.
 */
class StatsKeyTest {
  @Test
  void hashIsObjectsHashOfServiceAndHost() {
    SplittableRandom random = new SplittableRandom(7);
    String[] hosts = {null, "", "web-1", "ünïcode-\ud83d\ude00"};
    for (int i = 0; i < 10_000; i++) {
      String service = random.nextInt(10) == 0 ? null : "svc-" + random.nextInt();
      String host =
          random.nextBoolean() ? hosts[random.nextInt(hosts.length)] : "h" + random.nextLong();
      assertThat(new StatsKey(service, host).hashCode())
          .as("%s / %s", service, host)
          .isEqualTo(Objects.hash(service, host));
    }
    assertThat(new StatsKey("checkout", null).hashCode()).isEqualTo(Objects.hash("checkout", null));
  }
}
